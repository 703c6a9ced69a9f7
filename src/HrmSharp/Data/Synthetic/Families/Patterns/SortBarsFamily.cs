using HrmSharp.Data.Synthetic.Toolkit;

namespace HrmSharp.Data.Synthetic.Families.Patterns;

/// <summary>
/// Bars standing on a per-task side of the grid, one per line, of distinct lengths (at least 1); reorder them by length
/// (ascending or descending, per task), each bar keeping its colour.
/// </summary>
internal sealed class SortBarsFamily : TaskFamily<SortBarsFamily.Params>
{
    /// <summary><paramref name="Base"/> is the side the bars stand on; sizes are given in the frame where that side is the bottom.</summary>
    public sealed record Params(Dir Base, bool Ascending, bool OneColour, int Background, IReadOnlyList<int> Palette, SizeRange Height, SizeRange Bars)
        : FamilyParams;

    public override string Name => "sort-bars";
    public override FamilyCategory Category => FamilyCategory.Patterns;
    public override string Description => "sort bars standing on a per-task side by length (per-task order)";

    protected override Params DrawParams(Random rng, SynthOptions o)
    {
        int bg = rng.Background();
        var height = SizeRange.Draw(rng, 2, o.MaxSize);
        return new Params(rng.Pick(DirExtensions.All), rng.Chance(0.5), rng.Chance(0.4), bg, rng.Colours(rng.Between(1, 4), bg),
            height, SizeRange.Draw(rng, 2, Math.Min(o.MaxSize, height.Lo)));
    }

    // Drawn standing on the bottom, then turned so they stand on the task's side.
    protected override Grid? DrawInput(Random rng, Params p, SynthOptions o)
    {
        int h = p.Height.Next(rng), n = p.Bars.Next(rng);
        if (n > h) return null;
        var lengths = Enumerable.Range(1, h).OrderBy(_ => rng.Next()).Take(n).ToArray();
        int single = rng.Pick(p.Palette);
        var c = new Canvas(h, n, p.Background);
        for (int k = 0; k < n; k++)
        {
            int colour = p.OneColour ? single : rng.Pick(p.Palette);
            for (int r = h - lengths[k]; r < h; r++) c[r, k] = colour;
        }
        return DirExtensions.FromDown(c.ToGrid(), p.Base);
    }

    protected override Grid? Apply(Grid input, Params p)
    {
        var g = DirExtensions.ToDown(input, p.Base);
        var columns = Enumerable.Range(0, g.Cols)
            .Select(c => (Cells: Enumerable.Range(0, g.Rows).Select(r => g[r, c]).ToArray(), Length: Enumerable.Range(0, g.Rows).Count(r => g[r, c] != p.Background)))
            .ToList();
        if (columns.Select(x => x.Length).Distinct().Count() != columns.Count) return null; // ties would be ambiguous
        var sorted = p.Ascending ? columns.OrderBy(x => x.Length).ToList() : columns.OrderByDescending(x => x.Length).ToList();
        return DirExtensions.FromDown(Grid.Create(g.Rows, g.Cols, (r, c) => sorted[c].Cells[r]), p.Base);
    }

    // The output's lines are a rearrangement of the input's lines, in strictly monotone order of length.
    protected override bool Verify(Grid input, Grid output, Params p)
    {
        if (output.Rows != input.Rows || output.Cols != input.Cols) return false;
        var a = DirExtensions.ToDown(input, p.Base);
        var b = DirExtensions.ToDown(output, p.Base);
        string Line(Grid g, int c) => string.Concat(Enumerable.Range(0, g.Rows).Select(r => (char)('0' + g[r, c])));
        var before = Enumerable.Range(0, a.Cols).Select(c => Line(a, c)).Order().ToList();
        var after = Enumerable.Range(0, b.Cols).Select(c => Line(b, c)).ToList();
        if (!before.SequenceEqual(after.Order())) return false;
        var lengths = after.Select(s => s.Count(ch => ch != '0' + p.Background)).ToList();
        for (int i = 1; i < lengths.Count; i++)
            if (p.Ascending ? lengths[i] <= lengths[i - 1] : lengths[i] >= lengths[i - 1]) return false;
        return true;
    }
}
