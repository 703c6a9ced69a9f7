namespace HrmSharp.Reporting;

/// <summary>
/// What one HTML report shows: a title, where it came from, the evaluation (null for a run that has not been
/// evaluated), the training curves, the run's config.json text, and notes about anything that could not be shown.
/// </summary>
public sealed record ReportContent(
    string Title,
    string Source,
    EvalReport? Eval,
    IReadOnlyList<PlotImage> Plots,
    string? ConfigJson,
    IReadOnlyList<string> Notes);
