using HrmSharp.Data.Synthetic.Toolkit;

namespace HrmSharp.Data.Synthetic.Families.Objects;

/// <summary>
/// An object of the mover colour slides in a per-task direction until it touches the anchor (a wall or another
/// object of the anchor colour); everything else stays.
/// </summary>
internal sealed class MoveUntilContactFamily : TaskFamily<MoveUntilContactFamily.Params>
{
    /// <summary><paramref name="Along"/> sizes the axis of motion, <paramref name="Across"/> the other one.</summary>
    public sealed record Params(Dir Direction, int Mover, int Anchor, int Background, SizeRange Along, SizeRange Across) : FamilyParams;

    public override string Name => "move-until-contact";
    public override FamilyCategory Category => FamilyCategory.Objects;
    public override string Description => "slide the mover-coloured object in a per-task direction until it touches the anchor";

    protected override Params DrawParams(Random rng, SynthOptions o)
    {
        int bg = rng.Background();
        var c = rng.Colours(2, bg);
        return new Params(rng.Pick(DirExtensions.All), c[0], c[1], bg, SizeRange.Draw(rng, 3, o.MaxSize), SizeRange.Draw(rng, 1, o.MaxSize));
    }

    // Drawn with motion pointing down, then turned to face the task's direction.
    protected override Grid? DrawInput(Random rng, Params p, SynthOptions o)
    {
        int h = p.Along.Next(rng), w = p.Across.Next(rng);
        var placer = new Placer(new Canvas(h, w, p.Background));
        bool wall = rng.Chance(0.3);
        var anchor = wall ? Shape.Rect(1, w) : Scenes.RandomBlob(rng, Math.Min(3, h - 2), Math.Min(4, w), 1, 6);
        if (anchor is null) return null;
        int anchorTop = wall ? h - 1 : rng.Between(2, h - anchor.Rows);
        int anchorLeft = rng.Between(0, w - anchor.Cols);
        if (!placer.TryPlaceAt(anchor, anchorTop, anchorLeft, p.Anchor, margin: 0)) return null;
        var mover = Scenes.RandomBlob(rng, Math.Min(3, anchorTop - 1), Math.Min(3, w), 1, 4);
        if (mover is null) return null;
        int top = rng.Between(0, anchorTop - 1 - mover.Rows);
        // Overlap the anchor's columns so the mover has something to hit.
        int left = rng.Between(Math.Max(0, anchorLeft - mover.Cols + 1), Math.Min(w - mover.Cols, anchorLeft + anchor.Cols - 1));
        if (!placer.TryPlaceAt(mover, top, left, p.Mover, margin: 0)) return null;
        return DirExtensions.FromDown(placer.Canvas.ToGrid(), p.Direction);
    }

    protected override Grid? Apply(Grid input, Params p)
    {
        var (dr, dc) = p.Direction.Step();
        var mover = Enumerable.Range(0, input.Count).Where(i => input.Cells[i] == p.Mover).Select(i => (R: i / input.Cols, C: i % input.Cols)).ToList();
        if (mover.Count == 0) return null;
        for (int k = 1; ; k++)
        {
            bool blocked = false;
            foreach (var (r, c) in mover)
            {
                int rr = r + k * dr, cc = c + k * dc;
                if (rr < 0 || rr >= input.Rows || cc < 0 || cc >= input.Cols) return null; // left the grid: no contact
                blocked |= input[rr, cc] == p.Anchor;
            }
            if (!blocked) continue;
            if (k == 1) return null; // already touching
            var canvas = Canvas.From(input);
            foreach (var (r, c) in mover) canvas[r, c] = p.Background;
            foreach (var (r, c) in mover) canvas[r + (k - 1) * dr, c + (k - 1) * dc] = p.Mover;
            return canvas.ToGrid();
        }
    }

    // In the frame where motion is down: the mover's cells are its input cells shifted down by some k ≥ 1, the shift
    // avoids the anchor, one more row would hit it, and nothing else changed.
    protected override bool Verify(Grid input, Grid output, Params p)
    {
        if (output.Rows != input.Rows || output.Cols != input.Cols) return false;
        var a = DirExtensions.ToDown(input, p.Direction);
        var b = DirExtensions.ToDown(output, p.Direction);
        var before = Cells(a, p.Mover);
        var after = Cells(b, p.Mover);
        if (before.Count == 0 || before.Count != after.Count) return false;
        int k = after.Min(x => x.R) - before.Min(x => x.R);
        if (k < 1) return false;
        var shifted = before.Select(x => (x.R + k, x.C)).ToHashSet();
        if (!shifted.SetEquals(after)) return false;
        bool touches = before.Any(x => x.R + k + 1 < a.Rows && a[x.R + k + 1, x.C] == p.Anchor);
        return touches && Rest(a, b, p);
    }

    /// <summary>The anchor is unchanged and nothing but mover, anchor and background appears.</summary>
    private static bool Rest(Grid a, Grid b, Params p)
    {
        for (int i = 0; i < a.Count; i++)
        {
            bool anchorA = a.Cells[i] == p.Anchor, anchorB = b.Cells[i] == p.Anchor;
            if (anchorA != anchorB) return false;
            if (!anchorA && a.Cells[i] != p.Mover && a.Cells[i] != p.Background) return false;
            if (!anchorB && b.Cells[i] != p.Mover && b.Cells[i] != p.Background) return false;
        }
        return true;
    }

    private static List<(int R, int C)> Cells(Grid g, int colour) =>
        Enumerable.Range(0, g.Count).Where(i => g.Cells[i] == colour).Select(i => (i / g.Cols, i % g.Cols)).ToList();
}
