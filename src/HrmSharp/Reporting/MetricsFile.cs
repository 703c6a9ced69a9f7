namespace HrmSharp.Reporting;

/// <summary>
/// metrics.jsonl read back as series, with one warning per line that had to be skipped (see <see cref="MetricsReader"/>).
/// </summary>
public sealed record MetricsFile(string Path, int Lines, IReadOnlyList<MetricSeries> Series, IReadOnlyList<string> Warnings);
