using HrmSharp.Data.Synthetic.Toolkit;

namespace HrmSharp.Data.Synthetic.Families.Objects;

/// <summary>The background cells inside each object's bounding box take the task's fill colour.</summary>
internal sealed class FillBoundingBoxFamily : TaskFamily<FillBoundingBoxFamily.Params>
{
    public sealed record Params(int Fill, int Background, IReadOnlyList<int> Palette, SizeRange Rows, SizeRange Cols) : FamilyParams;

    public override string Name => "fill-bounding-box";
    public override FamilyCategory Category => FamilyCategory.Objects;
    public override string Description => "fill the background inside each object's bounding box with a per-task colour";

    protected override Params DrawParams(Random rng, SynthOptions o)
    {
        int bg = rng.Background();
        var c = rng.Colours(4, bg);
        return new Params(c[0], bg, c[1..rng.Between(2, 4)], SizeRange.Draw(rng, 3, o.MaxSize), SizeRange.Draw(rng, 3, o.MaxSize));
    }

    protected override Grid? DrawInput(Random rng, Params p, SynthOptions o)
    {
        int h = p.Rows.Next(rng), w = p.Cols.Next(rng);
        var placer = new Placer(new Canvas(h, w, p.Background));
        int count = rng.Between(1, Math.Max(1, Math.Min(4, h * w / 16)));
        for (int i = 0; i < count; i++)
        {
            // Boxes kept apart (not just cells) so that boxes never overlap.
            if (Scenes.RandomBlob(rng, Math.Min(5, h), Math.Min(5, w), 3, 10) is { IsFullRect: false } s)
                placer.TryPlace(rng, s, rng.Pick(p.Palette), margin: 1, wholeBox: true);
        }
        return placer.Canvas.ToGrid();
    }

    protected override Grid? Apply(Grid input, Params p)
    {
        var c = Canvas.From(input);
        bool any = false;
        foreach (var x in Segmenter.Find(input, p.Background))
            for (int r = x.Top; r <= x.Bottom; r++)
                for (int k = x.Left; k <= x.Right; k++)
                    if (c[r, k] == p.Background) { c[r, k] = p.Fill; any = true; }
        return any ? c.ToGrid() : null;
    }

    protected override bool Verify(Grid input, Grid output, Params p)
    {
        if (output.Rows != input.Rows || output.Cols != input.Cols) return false;
        var labels = new Labels(input, p.Background);
        // Boxes from per-root extents, then a cell is "inside" when some box covers it.
        var boxes = new Dictionary<int, (int T, int L, int B, int R)>();
        for (int i = 0; i < input.Count; i++)
        {
            if (labels.Root[i] < 0) continue;
            int r = i / input.Cols, c = i % input.Cols;
            boxes[labels.Root[i]] = boxes.TryGetValue(labels.Root[i], out var b)
                ? (Math.Min(b.T, r), Math.Min(b.L, c), Math.Max(b.B, r), Math.Max(b.R, c)) : (r, c, r, c);
        }
        for (int i = 0; i < input.Count; i++)
        {
            int r = i / input.Cols, c = i % input.Cols;
            bool covered = boxes.Values.Any(b => r >= b.T && r <= b.B && c >= b.L && c <= b.R);
            int expected = input.Cells[i] != p.Background ? input.Cells[i] : covered ? p.Fill : p.Background;
            if (output.Cells[i] != expected) return false;
        }
        return true;
    }
}
