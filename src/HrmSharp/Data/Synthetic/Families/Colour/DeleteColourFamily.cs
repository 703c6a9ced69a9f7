using HrmSharp.Data.Synthetic.Toolkit;

namespace HrmSharp.Data.Synthetic.Families.Colour;

/// <summary>Erase every cell of one per-task colour (it becomes background); other colours stay.</summary>
internal sealed class DeleteColourFamily : TaskFamily<DeleteColourFamily.Params>
{
    public sealed record Params(int Victim, int Background, IReadOnlyList<int> Others, double Density, SizeRange Rows, SizeRange Cols) : FamilyParams;

    public override string Name => "delete-colour";
    public override FamilyCategory Category => FamilyCategory.Colour;
    public override string Description => "erase all cells of a per-task colour";

    protected override Params DrawParams(Random rng, SynthOptions o)
    {
        int bg = rng.Background();
        var c = rng.Colours(4, bg);
        return new Params(c[0], bg, c[1..rng.Between(2, 4)], 0.25 + 0.5 * rng.NextDouble(),
            SizeRange.Draw(rng, 2, o.MaxSize), SizeRange.Draw(rng, 2, o.MaxSize));
    }

    protected override Grid? DrawInput(Random rng, Params p, SynthOptions o)
    {
        int[] palette = [p.Victim, .. p.Others];
        return Scenes.Noise(rng, p.Rows.Next(rng), p.Cols.Next(rng), p.Background, palette, p.Density).ToGrid();
    }

    protected override Grid? Apply(Grid input, Params p)
    {
        // Something else must survive, or the output is a blank grid that says nothing about which colour went.
        if (!input.Cells.Contains((byte)p.Victim) || !p.Others.Any(x => input.Cells.Contains((byte)x))) return null;
        var c = Canvas.From(input);
        c.Cells.AsSpan().Replace((byte)p.Victim, (byte)p.Background);
        return c.ToGrid();
    }

    protected override bool Verify(Grid input, Grid output, Params p)
    {
        if (output.Rows != input.Rows || output.Cols != input.Cols || output.Cells.Contains((byte)p.Victim)) return false;
        for (int i = 0; i < input.Count; i++)
            if (input.Cells[i] != p.Victim ? output.Cells[i] != input.Cells[i] : output.Cells[i] != p.Background) return false;
        return true;
    }
}
