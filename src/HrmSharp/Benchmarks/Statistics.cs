namespace HrmSharp.Benchmarks;

/// <summary>Robust summaries for timings on a noisy machine (a VM's outlier steps can be 2–3× the typical one).</summary>
public static class Statistics
{
    /// <summary>The middle value (mean of the two middle ones for an even count); 0 for no values.</summary>
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0) return 0;
        int mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
