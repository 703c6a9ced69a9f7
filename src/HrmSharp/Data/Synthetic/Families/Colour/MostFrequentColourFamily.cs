using HrmSharp.Data.Synthetic.Toolkit;

namespace HrmSharp.Data.Synthetic.Families.Colour;

/// <summary>Answer a small fixed-size grid (per task, 1×1 to 3×3) filled with the most frequent non-background colour.</summary>
internal sealed class MostFrequentColourFamily : TaskFamily<MostFrequentColourFamily.Params>
{
    public sealed record Params(int OutRows, int OutCols, int Background, IReadOnlyList<int> Palette, double Density, SizeRange Rows, SizeRange Cols)
        : FamilyParams;

    public override string Name => "most-frequent-colour";
    public override FamilyCategory Category => FamilyCategory.Colour;
    public override string Description => "output a small per-task-size grid of the most frequent non-background colour";

    protected override Params DrawParams(Random rng, SynthOptions o)
    {
        int bg = rng.Background();
        int outSide = rng.Chance(0.5) ? 1 : rng.Between(1, 3);
        return new Params(outSide, rng.Chance(0.7) ? outSide : rng.Between(1, 3), bg, rng.Colours(rng.Between(2, 4), bg),
            0.3 + 0.5 * rng.NextDouble(), SizeRange.Draw(rng, 3, o.MaxSize), SizeRange.Draw(rng, 3, o.MaxSize));
    }

    protected override Grid DrawInput(Random rng, Params p, SynthOptions o) =>
        Scenes.Noise(rng, p.Rows.Next(rng), p.Cols.Next(rng), p.Background, p.Palette, p.Density).ToGrid();

    protected override Grid? Apply(Grid input, Params p)
    {
        var ranked = input.Cells.ToArray().Where(x => x != p.Background).GroupBy(x => x)
            .Select(g => (Colour: g.Key, Count: g.Count())).OrderByDescending(x => x.Count).ToList();
        if (ranked.Count < 2 || ranked[0].Count == ranked[1].Count) return null; // a tie or a single colour is no contest
        return Grid.Filled(p.OutRows, p.OutCols, ranked[0].Colour);
    }

    protected override bool Verify(Grid input, Grid output, Params p)
    {
        if (output.Rows != p.OutRows || output.Cols != p.OutCols) return false;
        int answer = output[0, 0];
        if (output.Cells.ContainsAnyExcept((byte)answer) || answer == p.Background) return false;
        var counts = new int[Grid.Colours];
        foreach (byte b in input.Cells) counts[b]++;
        bool rival = false;
        for (int c = 0; c < Grid.Colours; c++)
        {
            if (c == answer || c == p.Background) continue;
            if (counts[c] >= counts[answer]) return false;
            rival |= counts[c] > 0;
        }
        return rival;
    }
}
