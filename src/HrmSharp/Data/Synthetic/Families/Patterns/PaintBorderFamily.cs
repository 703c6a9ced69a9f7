using HrmSharp.Data.Synthetic.Toolkit;

namespace HrmSharp.Data.Synthetic.Families.Patterns;

/// <summary>Paint the outermost ring of the grid in the task's colour; the inside stays.</summary>
internal sealed class PaintBorderFamily : TaskFamily<PaintBorderFamily.Params>
{
    public sealed record Params(int Border, int Background, IReadOnlyList<int> Palette, double Density, SizeRange Rows, SizeRange Cols) : FamilyParams;

    public override string Name => "paint-border";
    public override FamilyCategory Category => FamilyCategory.Patterns;
    public override string Description => "paint the grid's outer ring in a per-task colour";

    protected override Params DrawParams(Random rng, SynthOptions o)
    {
        int bg = rng.Background();
        var c = rng.Colours(4, bg);
        return new Params(c[0], bg, c[1..rng.Between(2, 4)], 0.1 + 0.4 * rng.NextDouble(), SizeRange.Draw(rng, 3, o.MaxSize), SizeRange.Draw(rng, 3, o.MaxSize));
    }

    protected override Grid? DrawInput(Random rng, Params p, SynthOptions o) =>
        Scenes.Noise(rng, p.Rows.Next(rng), p.Cols.Next(rng), p.Background, p.Palette, p.Density).ToGrid();

    protected override Grid Apply(Grid input, Params p) =>
        Grid.Create(input.Rows, input.Cols, (r, c) => r == 0 || c == 0 || r == input.Rows - 1 || c == input.Cols - 1 ? p.Border : input[r, c]);

    // The ring is counted cell by cell (2·rows + 2·cols − 4 of them) and the inside compared.
    protected override bool Verify(Grid input, Grid output, Params p)
    {
        if (output.Rows != input.Rows || output.Cols != input.Cols) return false;
        int ring = 0;
        for (int r = 0; r < output.Rows; r++)
            for (int c = 0; c < output.Cols; c++)
            {
                bool inner = r > 0 && c > 0 && r < output.Rows - 1 && c < output.Cols - 1;
                if (inner && output[r, c] != input[r, c]) return false;
                if (!inner && output[r, c] == p.Border) ring++;
            }
        return ring == 2 * output.Rows + 2 * output.Cols - 4;
    }
}
