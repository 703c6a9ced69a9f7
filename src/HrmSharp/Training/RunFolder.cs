namespace HrmSharp.Training;

/// <summary>
/// A run's folder: config.json (the effective config), metrics.jsonl, checkpoints/checkpoint-&lt;step&gt;/ with a
/// checkpoints/latest pointer, and eval/ (the final evaluation's report, summary and submission).
/// </summary>
public sealed record RunFolder(string Root)
{
    public string ConfigPath => Path.Combine(Root, "config.json");
    public string MetricsPath => Path.Combine(Root, "metrics.jsonl");
    public string CheckpointsDir => Path.Combine(Root, "checkpoints");
    public string EvalDir => Path.Combine(Root, "eval");

    /// <summary>The newest checkpoint folder named by checkpoints/latest, or null when there is none.</summary>
    public string? LatestCheckpoint => CheckpointFolders.Latest(CheckpointsDir);
}
