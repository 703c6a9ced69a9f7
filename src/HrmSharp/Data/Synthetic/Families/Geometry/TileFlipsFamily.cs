using HrmSharp.Data.Synthetic.Toolkit;

namespace HrmSharp.Data.Synthetic.Families.Geometry;

/// <summary>Tile the input into a per-task layout (up to 3×3 tiles), each tile a per-task flip of the input.</summary>
internal sealed class TileFlipsFamily : TaskFamily<TileFlipsFamily.Params>
{
    /// <summary><paramref name="Tiles"/> holds one transform per tile, row-major over the layout.</summary>
    public sealed record Params(int TileRows, int TileCols, IReadOnlyList<D4> Tiles, int Background, IReadOnlyList<int> Palette,
        double Density, SizeRange Rows, SizeRange Cols) : FamilyParams;

    // Shape-preserving transforms only, so tiles of a non-square input still line up.
    private static readonly D4[] TileTransforms = [D4.Identity, D4.FlipH, D4.FlipV, D4.Rot180];

    public override string Name => "tile-flips";
    public override FamilyCategory Category => FamilyCategory.Geometry;
    public override string Description => "tile the input in a per-task layout, each tile identity or a per-task flip";
    public override int MinSize => 4;

    protected override Params? DrawParams(Random rng, SynthOptions o)
    {
        int maxTiles = Math.Min(3, o.MaxSize / 2);
        int tr = rng.Between(1, maxTiles), tc = rng.Between(1, maxTiles);
        if (tr * tc == 1) return null;
        var tiles = new D4[tr * tc];
        bool plain = rng.Chance(0.15); // plain repetition is tiling too, but rarer
        for (int i = 0; i < tiles.Length; i++) tiles[i] = plain || i == 0 ? D4.Identity : rng.Pick(TileTransforms);
        int bg = rng.Background();
        return new Params(tr, tc, tiles, bg, rng.Colours(rng.Between(1, 3), bg), 0.2 + 0.5 * rng.NextDouble(),
            SizeRange.Draw(rng, 2, o.MaxSize / tr), SizeRange.Draw(rng, 2, o.MaxSize / tc));
    }

    protected override Grid DrawInput(Random rng, Params p, SynthOptions o) =>
        Scenes.Noise(rng, p.Rows.Next(rng), p.Cols.Next(rng), p.Background, p.Palette, p.Density).ToGrid();

    protected override Grid Apply(Grid input, Params p)
    {
        int h = input.Rows, w = input.Cols;
        var c = new Canvas(h * p.TileRows, w * p.TileCols);
        for (int i = 0; i < p.TileRows; i++)
            for (int j = 0; j < p.TileCols; j++)
            {
                var tile = Dihedral.Apply(input, p.Tiles[i * p.TileCols + j]);
                for (int r = 0; r < h; r++)
                    for (int k = 0; k < w; k++) c[i * h + r, j * w + k] = tile[r, k];
            }
        return c.ToGrid();
    }

    protected override bool Verify(Grid input, Grid output, Params p)
    {
        int h = input.Rows, w = input.Cols;
        if (output.Rows != h * p.TileRows || output.Cols != w * p.TileCols) return false;
        for (int i = 0; i < p.TileRows; i++)
            for (int j = 0; j < p.TileCols; j++)
            {
                var expected = Dihedral.ViaPrimitives(input, p.Tiles[i * p.TileCols + j]);
                for (int r = 0; r < h; r++)
                    for (int k = 0; k < w; k++)
                        if (output[i * h + r, j * w + k] != expected[r, k]) return false;
            }
        return true;
    }
}
