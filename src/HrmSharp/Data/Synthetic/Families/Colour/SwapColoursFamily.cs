using HrmSharp.Data.Synthetic.Toolkit;

namespace HrmSharp.Data.Synthetic.Families.Colour;

/// <summary>Swap two per-task colours; every other colour stays. Both colours appear in every input.</summary>
internal sealed class SwapColoursFamily : TaskFamily<SwapColoursFamily.Params>
{
    public sealed record Params(int A, int B, int Background, IReadOnlyList<int> Others, double Density, SizeRange Rows, SizeRange Cols)
        : FamilyParams;

    public override string Name => "swap-colours";
    public override FamilyCategory Category => FamilyCategory.Colour;
    public override string Description => "swap two per-task colours, leave the rest";

    protected override Params DrawParams(Random rng, SynthOptions o)
    {
        int bg = rng.Background();
        var c = rng.Colours(4, bg);
        return new Params(c[0], c[1], bg, c[2..rng.Between(2, 4)], 0.25 + 0.5 * rng.NextDouble(),
            SizeRange.Draw(rng, 2, o.MaxSize), SizeRange.Draw(rng, 2, o.MaxSize));
    }

    protected override Grid? DrawInput(Random rng, Params p, SynthOptions o)
    {
        int[] palette = [p.A, p.B, .. p.Others];
        var c = Scenes.Noise(rng, p.Rows.Next(rng), p.Cols.Next(rng), p.Background, palette, p.Density);
        return c.Cells.Contains((byte)p.A) && c.Cells.Contains((byte)p.B) ? c.ToGrid() : null;
    }

    protected override Grid Apply(Grid input, Params p)
    {
        var c = Canvas.From(input);
        for (int i = 0; i < c.Cells.Length; i++)
            c.Cells[i] = c.Cells[i] == p.A ? (byte)p.B : c.Cells[i] == p.B ? (byte)p.A : c.Cells[i];
        return c.ToGrid();
    }

    protected override bool Verify(Grid input, Grid output, Params p)
    {
        if (output.Rows != input.Rows || output.Cols != input.Cols) return false;
        // A swap is its own inverse and moves nothing but A and B.
        for (int i = 0; i < input.Count; i++)
        {
            int a = input.Cells[i], b = output.Cells[i];
            bool swapped = (a == p.A && b == p.B) || (a == p.B && b == p.A);
            bool kept = a == b && a != p.A && a != p.B;
            if (!swapped && !kept) return false;
        }
        return true;
    }
}
