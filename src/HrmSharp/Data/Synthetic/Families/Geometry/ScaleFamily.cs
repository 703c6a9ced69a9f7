using HrmSharp.Data.Synthetic.Toolkit;

namespace HrmSharp.Data.Synthetic.Families.Geometry;

/// <summary>
/// Scale by per-task integer factors (rows ×ky, columns ×kx, each 1..3, not both 1): up blows every cell into a
/// ky×kx block; down is the inverse, reading one cell per uniform block.
/// </summary>
internal sealed class ScaleFamily(bool up) : TaskFamily<ScaleFamily.Params>
{
    public sealed record Params(int Ky, int Kx, int Background, IReadOnlyList<int> Palette, double Density, SizeRange Rows, SizeRange Cols)
        : FamilyParams;

    public override string Name => up ? "scale-up" : "scale-down";
    public override FamilyCategory Category => FamilyCategory.Geometry;
    public override string Description => up
        ? "scale up by per-task factors (×2 or ×3 per axis): each cell becomes a block"
        : "scale down by per-task factors: each uniform block becomes one cell";
    public override int MinSize => 4;

    protected override Params? DrawParams(Random rng, SynthOptions o)
    {
        // Factors leave the small grid at least 2 cells on the scaled side.
        int maxK = Math.Min(3, o.MaxSize / 2);
        int ky = rng.Between(1, maxK), kx = rng.Chance(0.7) ? ky : rng.Between(1, maxK);
        if (ky == 1 && kx == 1) return null;
        int bg = rng.Background();
        return new Params(ky, kx, bg, rng.Colours(rng.Between(1, 3), bg), 0.2 + 0.5 * rng.NextDouble(),
            SizeRange.Draw(rng, ky == 1 ? 2 : 1, o.MaxSize / ky), SizeRange.Draw(rng, kx == 1 ? 2 : 1, o.MaxSize / kx));
    }

    protected override Grid DrawInput(Random rng, Params p, SynthOptions o)
    {
        var small = Scenes.Noise(rng, p.Rows.Next(rng), p.Cols.Next(rng), p.Background, p.Palette, p.Density).ToGrid();
        return up ? small : Enlarge(small, p.Ky, p.Kx);
    }

    protected override Grid? Apply(Grid input, Params p)
    {
        if (up) return Enlarge(input, p.Ky, p.Kx);
        if (input.Rows % p.Ky != 0 || input.Cols % p.Kx != 0) return null;
        var small = Grid.Create(input.Rows / p.Ky, input.Cols / p.Kx, (r, c) => input[r * p.Ky, c * p.Kx]);
        return Enlarge(small, p.Ky, p.Kx) == input ? small : null;
    }

    protected override bool Verify(Grid input, Grid output, Params p)
    {
        var (small, big) = up ? (input, output) : (output, input);
        if (big.Rows != small.Rows * p.Ky || big.Cols != small.Cols * p.Kx) return false;
        // Every block of the big grid is uniform in the colour of its small cell.
        for (int r = 0; r < big.Rows; r++)
            for (int c = 0; c < big.Cols; c++)
                if (big[r, c] != small[r / p.Ky, c / p.Kx]) return false;
        return true;
    }

    private static Grid Enlarge(Grid g, int ky, int kx)
    {
        var c = new Canvas(g.Rows * ky, g.Cols * kx);
        for (int r = 0; r < g.Rows; r++)
            for (int k = 0; k < g.Cols; k++)
                for (int i = 0; i < ky; i++)
                    for (int j = 0; j < kx; j++) c[r * ky + i, k * kx + j] = g[r, k];
        return c.ToGrid();
    }
}
