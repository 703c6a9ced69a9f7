namespace HrmSharp.Data;

/// <summary>
/// Order statistics and sums of a set of sequence lengths. Percentiles are nearest-rank (an actual length:
/// the ceil(p·n)-th smallest), so the median of an even count is the lower middle value.
/// </summary>
public sealed record LengthSummary(int Count, long Median, long P90, long Sum, long SumOfSquares)
{
    public static LengthSummary Of(IEnumerable<int> lengths)
    {
        var sorted = lengths.Order().ToArray();
        long sum = 0, squares = 0;
        foreach (long v in sorted)
        {
            sum += v;
            squares += v * v;
        }
        return new LengthSummary(sorted.Length, NearestRank(sorted, 0.5), NearestRank(sorted, 0.9), sum, squares);
    }

    public static long NearestRank(IReadOnlyList<int> sorted, double p)
    {
        if (sorted.Count == 0) return 0;
        int rank = (int)Math.Ceiling(p * sorted.Count);
        return sorted[Math.Clamp(rank, 1, sorted.Count) - 1];
    }
}
