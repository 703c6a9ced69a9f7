using HrmSharp.Data.Synthetic.Toolkit;

namespace HrmSharp.Data.Synthetic.Families.Objects;

/// <summary>Every pixel shoots rays of its colour to the border in a per-task set of directions.</summary>
internal sealed class RaysFamily : TaskFamily<RaysFamily.Params>
{
    public sealed record Params(string DirectionSet, IReadOnlyList<(int Dr, int Dc)> Directions, int Background, IReadOnlyList<int> Palette,
        SizeRange Rows, SizeRange Cols) : FamilyParams;

    private static readonly (string Name, (int, int)[] Dirs)[] DirectionSets =
    [
        ("up", [(-1, 0)]), ("down", [(1, 0)]), ("left", [(0, -1)]), ("right", [(0, 1)]),
        ("horizontal", [(0, -1), (0, 1)]), ("vertical", [(-1, 0), (1, 0)]),
        ("cross", [(-1, 0), (1, 0), (0, -1), (0, 1)]), ("diagonals", [(-1, -1), (-1, 1), (1, -1), (1, 1)]),
    ];

    public override string Name => "rays-to-border";
    public override FamilyCategory Category => FamilyCategory.Objects;
    public override string Description => "each pixel shoots rays of its colour to the border in per-task directions";

    protected override Params DrawParams(Random rng, SynthOptions o)
    {
        var (name, dirs) = rng.Pick(DirectionSets);
        int bg = rng.Background();
        return new Params(name, dirs, bg, rng.Colours(rng.Between(1, 3), bg), SizeRange.Draw(rng, 3, o.MaxSize), SizeRange.Draw(rng, 3, o.MaxSize));
    }

    protected override Grid? DrawInput(Random rng, Params p, SynthOptions o)
    {
        int h = p.Rows.Next(rng), w = p.Cols.Next(rng);
        var c = new Canvas(h, w, p.Background);
        int seeds = rng.Between(1, Math.Max(1, Math.Min(4, Math.Min(h, w) / 2)));
        for (int i = 0; i < seeds; i++) c[rng.Next(h), rng.Next(w)] = rng.Pick(p.Palette);
        return c.ToGrid();
    }

    // Push form: walk out from each pixel. Rays that run into another pixel, or cross a ray of another colour, make the
    // picture ambiguous, so such inputs are refused.
    protected override Grid? Apply(Grid input, Params p)
    {
        var c = Canvas.From(input);
        bool any = false;
        for (int r = 0; r < input.Rows; r++)
            for (int k = 0; k < input.Cols; k++)
            {
                int v = input[r, k];
                if (v == p.Background) continue;
                foreach (var (dr, dk) in p.Directions)
                    for (int rr = r + dr, kk = k + dk; c.Contains(rr, kk); rr += dr, kk += dk)
                    {
                        if (input[rr, kk] != p.Background) return null;
                        if (c[rr, kk] != p.Background && c[rr, kk] != v) return null;
                        c[rr, kk] = v;
                        any = true;
                    }
            }
        return any ? c.ToGrid() : null;
    }

    // Pull form: look back from each background cell against every ray direction for the pixel that lights it.
    protected override bool Verify(Grid input, Grid output, Params p)
    {
        if (output.Rows != input.Rows || output.Cols != input.Cols) return false;
        for (int r = 0; r < input.Rows; r++)
            for (int k = 0; k < input.Cols; k++)
            {
                int expected = input[r, k];
                if (expected == p.Background)
                {
                    foreach (var (dr, dk) in p.Directions)
                    {
                        int rr = r - dr, kk = k - dk;
                        while (rr >= 0 && rr < input.Rows && kk >= 0 && kk < input.Cols && input[rr, kk] == p.Background) { rr -= dr; kk -= dk; }
                        if (rr < 0 || rr >= input.Rows || kk < 0 || kk >= input.Cols) continue;
                        if (expected != p.Background && expected != input[rr, kk]) return false;
                        expected = input[rr, kk];
                    }
                }
                if (output[r, k] != expected) return false;
            }
        return true;
    }
}
