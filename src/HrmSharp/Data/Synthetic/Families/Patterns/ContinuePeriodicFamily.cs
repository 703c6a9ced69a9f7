using HrmSharp.Data.Synthetic.Toolkit;

namespace HrmSharp.Data.Synthetic.Families.Patterns;

/// <summary>
/// A pattern that repeats with a per-task period is shown only in its top-left part (the rest blank); continue it
/// over the whole grid. At least one full period is always visible.
/// </summary>
internal sealed class ContinuePeriodicFamily : TaskFamily<ContinuePeriodicFamily.Params>
{
    public enum Reveal { Left, Top, TopLeft }

    public sealed record Params(int PeriodRows, int PeriodCols, Reveal Shown, int Blank, IReadOnlyList<int> Palette, SizeRange Rows, SizeRange Cols)
        : FamilyParams;

    public override string Name => "continue-periodic";
    public override FamilyCategory Category => FamilyCategory.Patterns;
    public override string Description => "continue a pattern with a per-task period over the blank part of the grid";

    protected override Params? DrawParams(Random rng, SynthOptions o)
    {
        var shown = (Reveal)rng.Next(3);
        int maxP = Math.Min(4, o.MaxSize - 1);
        // The period must be visible and leave room to continue along every blanked axis.
        int p = rng.Between(1, shown == Reveal.Left ? Math.Min(4, o.MaxSize) : maxP);
        int q = rng.Between(1, shown == Reveal.Top ? Math.Min(4, o.MaxSize) : maxP);
        if (p * q < 2) return null;
        int blank = rng.Background();
        int minRows = shown == Reveal.Left ? p : p + 1, minCols = shown == Reveal.Top ? q : q + 1;
        return new Params(p, q, shown, blank, rng.Colours(rng.Between(2, 3), blank),
            SizeRange.Draw(rng, Math.Max(2, minRows), o.MaxSize), SizeRange.Draw(rng, Math.Max(2, minCols), o.MaxSize));
    }

    protected override Grid? DrawInput(Random rng, Params p, SynthOptions o)
    {
        int h = p.Rows.Next(rng), w = p.Cols.Next(rng);
        var tile = new int[p.PeriodRows * p.PeriodCols];
        for (int i = 0; i < tile.Length; i++) tile[i] = rng.Pick(p.Palette);
        if (tile.All(x => x == tile[0])) return null;
        int shownRows = p.Shown == Reveal.Left ? h : rng.Between(p.PeriodRows, h - 1);
        int shownCols = p.Shown == Reveal.Top ? w : rng.Between(p.PeriodCols, w - 1);
        return Grid.Create(h, w, (r, c) => r < shownRows && c < shownCols ? tile[r % p.PeriodRows * p.PeriodCols + c % p.PeriodCols] : p.Blank);
    }

    protected override Grid? Apply(Grid input, Params p)
    {
        if (input.Rows < p.PeriodRows || input.Cols < p.PeriodCols) return null;
        var c = new Canvas(input.Rows, input.Cols);
        for (int r = 0; r < input.Rows; r++)
            for (int k = 0; k < input.Cols; k++)
            {
                int v = input[r % p.PeriodRows, k % p.PeriodCols];
                if (v == p.Blank) return null; // the first period must be on show
                c[r, k] = v;
            }
        return c.ToGrid();
    }

    // No blank left, every visible cell kept, and the whole grid repeats with the period.
    protected override bool Verify(Grid input, Grid output, Params p)
    {
        if (output.Rows != input.Rows || output.Cols != input.Cols || output.Cells.Contains((byte)p.Blank)) return false;
        for (int r = 0; r < output.Rows; r++)
            for (int c = 0; c < output.Cols; c++)
            {
                if (input[r, c] != p.Blank && input[r, c] != output[r, c]) return false;
                if (r >= p.PeriodRows && output[r, c] != output[r - p.PeriodRows, c]) return false;
                if (c >= p.PeriodCols && output[r, c] != output[r, c - p.PeriodCols]) return false;
            }
        return true;
    }
}
