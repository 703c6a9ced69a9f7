using HrmSharp.Data.Synthetic.Toolkit;

namespace HrmSharp.Data.Synthetic.Families.Objects;

/// <summary>Solid rectangles lose their insides (they become background), keeping a one-cell rim; thin bars stay.</summary>
internal sealed class HollowObjectsFamily : TaskFamily<HollowObjectsFamily.Params>
{
    public sealed record Params(int Background, IReadOnlyList<int> Palette, SizeRange Rows, SizeRange Cols) : FamilyParams;

    public override string Name => "hollow-objects";
    public override FamilyCategory Category => FamilyCategory.Objects;
    public override string Description => "hollow out solid rectangles, keeping a one-cell rim";

    protected override Params DrawParams(Random rng, SynthOptions o)
    {
        int bg = rng.Background();
        return new Params(bg, rng.Colours(rng.Between(1, 3), bg), SizeRange.Draw(rng, 3, o.MaxSize), SizeRange.Draw(rng, 3, o.MaxSize));
    }

    protected override Grid? DrawInput(Random rng, Params p, SynthOptions o)
    {
        int h = p.Rows.Next(rng), w = p.Cols.Next(rng);
        var placer = new Placer(new Canvas(h, w, p.Background));
        int count = rng.Between(1, Math.Max(1, Math.Min(4, h * w / 16)));
        for (int i = 0; i < count; i++)
        {
            // Mostly rectangles big enough to have an inside; sometimes a thin bar that must stay as it is.
            var s = rng.Chance(0.75)
                ? Shape.Rect(rng.Between(3, Math.Min(h, 6)), rng.Between(3, Math.Min(w, 6)))
                : Shape.Rect(rng.Between(1, Math.Min(h, 2)), rng.Between(1, Math.Min(w, 5)));
            placer.TryPlace(rng, s, rng.Pick(p.Palette));
        }
        return placer.Canvas.ToGrid();
    }

    protected override Grid? Apply(Grid input, Params p)
    {
        var c = Canvas.From(input);
        bool any = false;
        for (int r = 1; r < input.Rows - 1; r++)
            for (int k = 1; k < input.Cols - 1; k++)
            {
                int v = input[r, k];
                if (v == p.Background) continue;
                bool inner = true;
                for (int dr = -1; dr <= 1; dr++)
                    for (int dk = -1; dk <= 1; dk++) inner &= input[r + dr, k + dk] == v;
                if (inner) { c[r, k] = p.Background; any = true; }
            }
        return any ? c.ToGrid() : null;
    }

    // Object by object: each must be a solid rectangle, and exactly the cells strictly inside its box are cleared.
    protected override bool Verify(Grid input, Grid output, Params p)
    {
        if (output.Rows != input.Rows || output.Cols != input.Cols) return false;
        var labels = new Labels(input, p.Background);
        var box = new Dictionary<int, (int Top, int Left, int Bottom, int Right)>();
        for (int i = 0; i < input.Count; i++)
        {
            int root = labels.Root[i];
            if (root < 0) continue;
            int r = i / input.Cols, c = i % input.Cols;
            box[root] = box.TryGetValue(root, out var b)
                ? (Math.Min(b.Top, r), Math.Min(b.Left, c), Math.Max(b.Bottom, r), Math.Max(b.Right, c))
                : (r, c, r, c);
        }
        foreach (var (root, b) in box)
            if ((b.Bottom - b.Top + 1) * (b.Right - b.Left + 1) != labels.SizeOfRoot[root] || !SingleColour(input, b)) return false;
        for (int i = 0; i < input.Count; i++)
        {
            int root = labels.Root[i], r = i / input.Cols, c = i % input.Cols;
            bool inside = root >= 0 && box[root] is var b && r > b.Top && r < b.Bottom && c > b.Left && c < b.Right;
            if (output.Cells[i] != (inside ? p.Background : input.Cells[i])) return false;
        }
        return true;
    }

    private static bool SingleColour(Grid g, (int Top, int Left, int Bottom, int Right) b)
    {
        for (int r = b.Top; r <= b.Bottom; r++)
            for (int c = b.Left; c <= b.Right; c++)
                if (g[r, c] != g[b.Top, b.Left]) return false;
        return true;
    }
}
