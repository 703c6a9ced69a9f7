using HrmSharp.Data.Synthetic.Toolkit;

namespace HrmSharp.Data.Synthetic.Families.Objects;

/// <summary>
/// Background regions walled off from the grid's edge take the task's fill colour. Some frames have a gap, so
/// "looks like a box" is not enough: only truly closed regions fill.
/// </summary>
internal sealed class FillEnclosedFamily : TaskFamily<FillEnclosedFamily.Params>
{
    public sealed record Params(int Wall, int Fill, int Background, double GapChance, SizeRange Rows, SizeRange Cols) : FamilyParams;

    public override string Name => "fill-enclosed";
    public override FamilyCategory Category => FamilyCategory.Objects;
    public override string Description => "fill background regions enclosed by walls with a per-task colour";
    public override int MinSize => 5;

    protected override Params DrawParams(Random rng, SynthOptions o)
    {
        int bg = rng.Background();
        var c = rng.Colours(2, bg);
        return new Params(c[0], c[1], bg, rng.Chance(0.5) ? 0.3 : 0, SizeRange.Draw(rng, 3, o.MaxSize), SizeRange.Draw(rng, 3, o.MaxSize));
    }

    protected override Grid? DrawInput(Random rng, Params p, SynthOptions o)
    {
        int h = p.Rows.Next(rng), w = p.Cols.Next(rng);
        var placer = new Placer(new Canvas(h, w, p.Background));
        int frames = rng.Between(1, Math.Max(1, Math.Min(3, h * w / 16)));
        for (int i = 0; i < frames; i++)
        {
            int fh = rng.Between(3, Math.Min(h, 7)), fw = rng.Between(3, Math.Min(w, 7));
            if (placer.TryPlace(rng, Shape.Frame(fh, fw), p.Wall) is not { } at) break;
            if (rng.Chance(p.GapChance))
            {
                // Open one non-corner cell of the top or bottom edge.
                int gr = at.R + (rng.Chance(0.5) ? 0 : fh - 1), gc = at.C + rng.Between(1, fw - 2);
                placer.Canvas[gr, gc] = p.Background;
            }
        }
        int specks = rng.Between(0, 2);
        for (int i = 0; i < specks; i++) placer.TryPlace(rng, Shape.Rect(1, 1), p.Wall);
        return placer.Canvas.ToGrid();
    }

    protected override Grid? Apply(Grid input, Params p)
    {
        int h = input.Rows, w = input.Cols;
        var outside = new bool[input.Count];
        var queue = new Queue<int>();
        for (int i = 0; i < input.Count; i++)
        {
            int r = i / w, c = i % w;
            if ((r == 0 || c == 0 || r == h - 1 || c == w - 1) && input.Cells[i] == p.Background) { outside[i] = true; queue.Enqueue(i); }
        }
        while (queue.Count > 0)
        {
            int i = queue.Dequeue(), r = i / w, c = i % w;
            foreach (var d in DirExtensions.All)
            {
                var (dr, dc) = d.Step();
                int rr = r + dr, cc = c + dc, j = rr * w + cc;
                if (rr < 0 || rr >= h || cc < 0 || cc >= w || outside[j] || input.Cells[j] != p.Background) continue;
                outside[j] = true;
                queue.Enqueue(j);
            }
        }
        var canvas = Canvas.From(input);
        bool any = false;
        for (int i = 0; i < input.Count; i++)
            if (input.Cells[i] == p.Background && !outside[i]) { canvas.Cells[i] = (byte)p.Fill; any = true; }
        return any ? canvas.ToGrid() : null;
    }

    // Invariants that pin the answer down: only background turns to fill; every fill cell is closed in (no
    // background or edge next to it); every background cell left is joined to the edge (union-find).
    protected override bool Verify(Grid input, Grid output, Params p)
    {
        int h = input.Rows, w = input.Cols;
        if (output.Rows != h || output.Cols != w || input.Cells.Contains((byte)p.Fill)) return false;
        int edge = h * w; // a virtual node standing for "outside the grid"
        var set = new DisjointSet(h * w + 1);
        for (int i = 0; i < input.Count; i++)
        {
            int o = output.Cells[i], r = i / w, c = i % w;
            if (o != p.Fill && o != input.Cells[i]) return false;
            if (o == p.Fill && input.Cells[i] != p.Background) return false;
            if (o == p.Fill)
            {
                if (r == 0 || c == 0 || r == h - 1 || c == w - 1) return false;
                if (output.Cells[i - 1] == p.Background || output.Cells[i + 1] == p.Background ||
                    output.Cells[i - w] == p.Background || output.Cells[i + w] == p.Background) return false;
            }
            if (o != p.Background) continue;
            if (r == 0 || c == 0 || r == h - 1 || c == w - 1) set.Union(i, edge);
            if (c > 0 && output.Cells[i - 1] == p.Background) set.Union(i, i - 1);
            if (r > 0 && output.Cells[i - w] == p.Background) set.Union(i, i - w);
        }
        for (int i = 0; i < output.Count; i++)
            if (output.Cells[i] == p.Background && set.Find(i) != set.Find(edge)) return false;
        return true;
    }
}
