namespace HrmSharp.Reporting;

/// <summary>
/// Where a report's inputs are, found from the one path the user gives:
/// a run folder (metrics.jsonl, config.json, eval/report.json), an evaluation folder (report.json), or a report file.
/// </summary>
public sealed record ReportSource(string Root, string? MetricsPath, string? ConfigPath, string? EvalReportPath)
{
    public const string ReportFile = "report.json";

    public bool IsRun => MetricsPath is not null || ConfigPath is not null;

    /// <summary>The default output: report.html in the folder (beside the file for a report file).</summary>
    public string DefaultOutput => Path.Combine(Root, "report.html");

    public static ReportSource Find(string path)
    {
        if (File.Exists(path))
            return new ReportSource(Path.GetDirectoryName(Path.GetFullPath(path))!, null, null, path);
        if (!Directory.Exists(path))
            throw new HrmException($"{path}: no such run folder, evaluation folder or report file");

        string? Existing(params string[] parts)
        {
            string p = Path.Combine([path, .. parts]);
            return File.Exists(p) ? p : null;
        }
        var source = new ReportSource(path, Existing("metrics.jsonl"), Existing("config.json"),
                                      Existing("eval", ReportFile) ?? Existing(ReportFile));
        if (source.MetricsPath is null && source.EvalReportPath is null)
            throw new HrmException($"{path}: neither a run folder (metrics.jsonl, eval/{ReportFile}) nor an evaluation folder ({ReportFile})");
        return source;
    }
}
