using HrmSharp.Data.Synthetic.Toolkit;

namespace HrmSharp.Data.Synthetic.Families.Geometry;

/// <summary>Translate the picture by a per-task offset; cells leaving the grid wrap around or are dropped.</summary>
internal sealed class ShiftFamily(bool wrap) : TaskFamily<ShiftFamily.Params>
{
    public sealed record Params(int Dr, int Dc, bool Wrap, int Background, IReadOnlyList<int> Palette, double Density,
        SizeRange Rows, SizeRange Cols) : FamilyParams;

    public override string Name => wrap ? "shift-wrap" : "shift-clip";
    public override FamilyCategory Category => FamilyCategory.Geometry;
    public override string Description => wrap
        ? "translate by a per-task offset, wrapping around the edges"
        : "translate by a per-task offset; what leaves the grid is lost, new cells are background";

    protected override Params? DrawParams(Random rng, SynthOptions o)
    {
        int m = Math.Min(3, o.MaxSize - 2);
        int dr = rng.Between(-m, m), dc = rng.Between(-m, m);
        if (dr == 0 && dc == 0) return null;
        int bg = rng.Background();
        // Clipping needs room for the picture to survive the shift, so its grids start a little larger.
        int min = wrap ? 2 : Math.Min(o.MaxSize, Math.Max(Math.Abs(dr), Math.Abs(dc)) + 2);
        return new Params(dr, dc, wrap, bg, rng.Colours(rng.Between(1, 3), bg), 0.15 + 0.45 * rng.NextDouble(),
            SizeRange.Draw(rng, min, o.MaxSize), SizeRange.Draw(rng, min, o.MaxSize));
    }

    protected override Grid DrawInput(Random rng, Params p, SynthOptions o) =>
        Scenes.Noise(rng, p.Rows.Next(rng), p.Cols.Next(rng), p.Background, p.Palette, p.Density).ToGrid();

    // Push form: every input cell goes to its new place.
    protected override Grid? Apply(Grid input, Params p)
    {
        int h = input.Rows, w = input.Cols;
        var c = new Canvas(h, w, p.Background);
        bool any = false;
        for (int r = 0; r < h; r++)
            for (int k = 0; k < w; k++)
            {
                int rr = r + p.Dr, kk = k + p.Dc;
                if (p.Wrap) { rr = Mod(rr, h); kk = Mod(kk, w); }
                else if (!c.Contains(rr, kk)) continue;
                c[rr, kk] = input[r, k];
                any |= input[r, k] != p.Background;
            }
        return any ? c.ToGrid() : null;
    }

    // Pull form: every output cell reads its source.
    protected override bool Verify(Grid input, Grid output, Params p)
    {
        int h = input.Rows, w = input.Cols;
        if (output.Rows != h || output.Cols != w) return false;
        for (int r = 0; r < h; r++)
            for (int k = 0; k < w; k++)
            {
                int sr = r - p.Dr, sk = k - p.Dc;
                int expected = p.Wrap ? input[Mod(sr, h), Mod(sk, w)]
                    : sr >= 0 && sr < h && sk >= 0 && sk < w ? input[sr, sk] : p.Background;
                if (output[r, k] != expected) return false;
            }
        return true;
    }

    private static int Mod(int a, int m) => ((a % m) + m) % m;
}
