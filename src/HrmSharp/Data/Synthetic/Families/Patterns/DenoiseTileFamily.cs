using HrmSharp.Data.Synthetic.Toolkit;

namespace HrmSharp.Data.Synthetic.Families.Patterns;

/// <summary>
/// A tile repeated over the grid with a per-task period, corrupted by a few noise cells; restore the clean
/// tiling. In every tile position the true colour keeps a strict majority of the copies.
/// </summary>
internal sealed class DenoiseTileFamily : TaskFamily<DenoiseTileFamily.Params>
{
    /// <summary><paramref name="NoisePalette"/> is one dedicated noise colour or all ten colours.</summary>
    public sealed record Params(int PeriodRows, int PeriodCols, IReadOnlyList<int> Palette, IReadOnlyList<int> NoisePalette, SizeRange Rows, SizeRange Cols)
        : FamilyParams;

    public override string Name => "denoise-tile";
    public override FamilyCategory Category => FamilyCategory.Patterns;
    public override string Description => "remove noise from a tiling with a per-task period (majority of the copies)";
    public override int MinSize => 4;

    protected override Params DrawParams(Random rng, SynthOptions o)
    {
        int maxP = Math.Min(4, o.MaxSize / 2);
        int p = rng.Between(2, maxP), q = rng.Between(2, maxP);
        var c = rng.Colours(4);
        IReadOnlyList<int> noise = rng.Chance(0.5) ? [c[0]] : Enumerable.Range(0, Grid.Colours).ToArray();
        // Two copies per axis at least, so every position has four or more copies to vote.
        return new Params(p, q, c[1..rng.Between(3, 4)], noise, SizeRange.Draw(rng, 2 * p, o.MaxSize), SizeRange.Draw(rng, 2 * q, o.MaxSize));
    }

    protected override Grid? DrawInput(Random rng, Params p, SynthOptions o)
    {
        int h = p.Rows.Next(rng), w = p.Cols.Next(rng);
        var tile = new int[p.PeriodRows * p.PeriodCols];
        for (int i = 0; i < tile.Length; i++) tile[i] = rng.Pick(p.Palette);
        if (tile.All(x => x == tile[0])) return null;
        var c = new Canvas(h, w);
        for (int r = 0; r < h; r++)
            for (int k = 0; k < w; k++) c[r, k] = tile[Class(p, r, k)];
        var copies = new int[tile.Length];
        for (int r = 0; r < h; r++)
            for (int k = 0; k < w; k++) copies[Class(p, r, k)]++;
        var hits = new int[tile.Length];
        int noise = rng.Between(1, Math.Max(1, h * w / 12));
        for (int i = 0; i < noise; i++)
        {
            int r = rng.Next(h), k = rng.Next(w), cls = Class(p, r, k);
            int v = rng.Pick(p.NoisePalette);
            if (v == tile[cls] || c[r, k] != tile[cls] || 2 * (hits[cls] + 1) >= copies[cls]) continue;
            c[r, k] = v;
            hits[cls]++;
        }
        return c.ToGrid();
    }

    protected override Grid? Apply(Grid input, Params p)
    {
        var votes = new int[p.PeriodRows * p.PeriodCols, Grid.Colours];
        for (int r = 0; r < input.Rows; r++)
            for (int k = 0; k < input.Cols; k++) votes[Class(p, r, k), input[r, k]]++;
        var winner = new int[p.PeriodRows * p.PeriodCols];
        for (int cls = 0; cls < winner.Length; cls++)
        {
            int total = 0, best = 0;
            for (int v = 0; v < Grid.Colours; v++)
            {
                total += votes[cls, v];
                if (votes[cls, v] > votes[cls, best]) best = v;
            }
            if (2 * votes[cls, best] <= total) return null; // no strict majority
            winner[cls] = best;
        }
        return Grid.Create(input.Rows, input.Cols, (r, k) => winner[Class(p, r, k)]);
    }

    // The answer repeats with the period, and in each position its colour holds a strict majority of the input copies.
    protected override bool Verify(Grid input, Grid output, Params p)
    {
        if (output.Rows != input.Rows || output.Cols != input.Cols) return false;
        for (int r = 0; r < output.Rows; r++)
            for (int c = 0; c < output.Cols; c++)
                if ((r >= p.PeriodRows && output[r, c] != output[r - p.PeriodRows, c]) ||
                    (c >= p.PeriodCols && output[r, c] != output[r, c - p.PeriodCols])) return false;
        for (int tr = 0; tr < p.PeriodRows; tr++)
            for (int tc = 0; tc < p.PeriodCols; tc++)
            {
                int agree = 0, total = 0;
                for (int r = tr; r < input.Rows; r += p.PeriodRows)
                    for (int c = tc; c < input.Cols; c += p.PeriodCols)
                    {
                        total++;
                        if (input[r, c] == output[tr, tc]) agree++;
                    }
                if (2 * agree <= total) return false;
            }
        return true;
    }

    private static int Class(Params p, int r, int c) => r % p.PeriodRows * p.PeriodCols + c % p.PeriodCols;
}
