using HrmSharp.Data.Synthetic.Toolkit;

namespace HrmSharp.Data.Synthetic.Families.Patterns;

/// <summary>
/// A fractal: the output is an h×w arrangement of h×w blocks; block (i, j) is a copy of the input where input
/// cell (i, j) is filled (or, per task, where it is empty) and background elsewhere.
/// </summary>
internal sealed class SelfKroneckerFamily : TaskFamily<SelfKroneckerFamily.Params>
{
    public sealed record Params(bool WhereEmpty, int Background, IReadOnlyList<int> Palette, double Density, SizeRange Rows, SizeRange Cols) : FamilyParams;

    public override string Name => "self-kronecker";
    public override FamilyCategory Category => FamilyCategory.Patterns;
    public override string Description => "place a copy of the input at each filled (or, per task, empty) cell of the input";
    public override int MinSize => 4;

    protected override Params DrawParams(Random rng, SynthOptions o)
    {
        int bg = rng.Background();
        int side = (int)Math.Sqrt(o.MaxSize);
        return new Params(rng.Chance(0.3), bg, rng.Colours(rng.Between(1, 2), bg), 0.35 + 0.3 * rng.NextDouble(),
            SizeRange.Draw(rng, 2, side), SizeRange.Draw(rng, 2, side));
    }

    protected override Grid? DrawInput(Random rng, Params p, SynthOptions o)
    {
        var g = Scenes.Noise(rng, p.Rows.Next(rng), p.Cols.Next(rng), p.Background, p.Palette, p.Density).ToGrid();
        // Both filled and empty cells, or the output is a plain repeat or a blank.
        return g.Cells.Contains((byte)p.Background) && g.Cells.ContainsAnyExcept((byte)p.Background) ? g : null;
    }

    protected override Grid Apply(Grid input, Params p)
    {
        int h = input.Rows, w = input.Cols;
        var c = new Canvas(h * h, w * w, p.Background);
        for (int i = 0; i < h; i++)
            for (int j = 0; j < w; j++)
            {
                if ((input[i, j] != p.Background) == p.WhereEmpty) continue;
                for (int r = 0; r < h; r++)
                    for (int k = 0; k < w; k++) c[i * h + r, j * w + k] = input[r, k];
            }
        return c.ToGrid();
    }

    protected override bool Verify(Grid input, Grid output, Params p)
    {
        int h = input.Rows, w = input.Cols;
        if (output.Rows != h * h || output.Cols != w * w) return false;
        for (int r = 0; r < output.Rows; r++)
            for (int c = 0; c < output.Cols; c++)
            {
                bool filled = input[r / h, c / w] != p.Background;
                int expected = filled != p.WhereEmpty ? input[r % h, c % w] : p.Background;
                if (output[r, c] != expected) return false;
            }
        return true;
    }
}
