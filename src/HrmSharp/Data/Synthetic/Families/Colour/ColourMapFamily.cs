using HrmSharp.Data.Synthetic.Toolkit;

namespace HrmSharp.Data.Synthetic.Families.Colour;

/// <summary>
/// Recolour every cell through a per-task colour mapping (some colours change, maybe two onto one, the rest stay).
/// Every input shows every colour of the mapping's domain, so the demos reveal the whole mapping.
/// </summary>
internal sealed class ColourMapFamily : TaskFamily<ColourMapFamily.Params>
{
    /// <summary><paramref name="Map"/>[c] is c's new colour; <paramref name="Domain"/>[0] is the dominant (background-like) colour.</summary>
    public sealed record Params(IReadOnlyList<int> Domain, IReadOnlyList<int> Map, double Density, SizeRange Rows, SizeRange Cols) : FamilyParams;

    public override string Name => "colour-map";
    public override FamilyCategory Category => FamilyCategory.Colour;
    public override string Description => "recolour every cell through a per-task colour mapping";

    protected override Params DrawParams(Random rng, SynthOptions o)
    {
        var domain = rng.Colours(rng.Between(2, 5));
        var map = Enumerable.Range(0, Grid.Colours).ToArray();
        foreach (int c in domain)
            if (rng.Chance(0.6)) map[c] = rng.Colours(1, c)[0];
        if (domain.All(c => map[c] == c)) map[domain[^1]] = rng.Colours(1, domain[^1])[0];
        return new Params(domain, map, 0.3 + 0.5 * rng.NextDouble(), SizeRange.Draw(rng, 2, o.MaxSize), SizeRange.Draw(rng, 2, o.MaxSize));
    }

    protected override Grid? DrawInput(Random rng, Params p, SynthOptions o)
    {
        var c = Scenes.Noise(rng, p.Rows.Next(rng), p.Cols.Next(rng), p.Domain[0], p.Domain.Skip(1).ToArray(), p.Density);
        return p.Domain.All(d => c.Cells.Contains((byte)d)) ? c.ToGrid() : null;
    }

    protected override Grid? Apply(Grid input, Params p)
    {
        var c = Canvas.From(input);
        for (int i = 0; i < c.Cells.Length; i++)
        {
            if (!p.Domain.Contains(c.Cells[i])) return null;
            c.Cells[i] = (byte)p.Map[c.Cells[i]];
        }
        return c.ToGrid();
    }

    // Reads the mapping off the pair and compares it with the task's: each input colour must go to exactly one colour.
    protected override bool Verify(Grid input, Grid output, Params p)
    {
        if (output.Rows != input.Rows || output.Cols != input.Cols) return false;
        var seen = new int[Grid.Colours];
        Array.Fill(seen, -1);
        for (int i = 0; i < input.Count; i++)
        {
            int from = input.Cells[i], to = output.Cells[i];
            if (seen[from] >= 0 && seen[from] != to) return false;
            seen[from] = to;
        }
        for (int c = 0; c < Grid.Colours; c++)
            if (seen[c] >= 0 && (!p.Domain.Contains(c) || seen[c] != p.Map[c])) return false;
        return true;
    }
}
