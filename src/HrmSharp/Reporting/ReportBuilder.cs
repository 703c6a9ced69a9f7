using System.Text.Json;
using HrmSharp.Data;

namespace HrmSharp.Reporting;

/// <summary>
/// Gathers everything `hrm report` shows from a run or evaluation folder: curves from metrics.jsonl, the evaluation
/// report, and the demonstrations and test inputs the report leaves out, from the task files found (in this order) at
/// <c>--tasks</c>, the report's "tasks_path", or the run's config.json (data.eval_path, then data.path).
/// </summary>
public static class ReportBuilder
{
    /// <summary>Figure size in the page (CSS pixels; drawn at twice the pixels so it stays sharp on dense screens).</summary>
    public const int PlotWidth = 640, PlotHeight = 320;

    public static ReportContent Build(ReportSource source, string? tasksPath, Action<string> warn)
    {
        var notes = new List<string>();
        IReadOnlyList<PlotImage> plots = [];
        if (source.MetricsPath is { } metricsPath)
        {
            var metrics = MetricsReader.Read(metricsPath);
            foreach (var w in metrics.Warnings) warn(w);
            plots = TrainingPlots.Render(metrics, PlotWidth, PlotHeight, scale: 2);
            if (plots.Count == 0) notes.Add($"{Path.GetFileName(metricsPath)} has no numeric metrics to plot.");
        }

        string? config = null;
        if (source.ConfigPath is { } configPath)
        {
            try
            {
                config = File.ReadAllText(configPath);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                warn($"{configPath}: cannot read: {ex.Message}");
            }
        }

        EvalReport? eval = null;
        if (source.EvalReportPath is { } reportPath)
        {
            eval = EvalReportReader.Read(reportPath);
            eval = AttachTasks(eval, source, config, tasksPath, notes, warn);
        }
        else
        {
            notes.Add($"No evaluation report ({Path.Combine("eval", ReportSource.ReportFile)}) in this run yet: training curves only.");
        }

        string name = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(source.Root)));
        return new ReportContent($"HrmSharp report: {name}", Path.GetFullPath(source.EvalReportPath ?? source.Root), eval, plots, config, notes);
    }

    private static EvalReport AttachTasks(EvalReport eval, ReportSource source, string? config, string? tasksPath, List<string> notes, Action<string> warn)
    {
        bool incomplete = eval.Tasks.Any(t => t.Demos.Count == 0 || t.Tests.Any(x => x.Input is null));
        if (!incomplete) return eval;
        var candidates = tasksPath is not null ? [tasksPath] : Candidates(eval, source, config).ToList();
        if (candidates.Count == 0)
        {
            notes.Add("The report does not embed the demonstrations or test inputs and no task files were found: pass them with --tasks.");
            return eval;
        }
        var tasks = new List<ArcTask>();
        foreach (string path in candidates)
        {
            if (Resolve(path, source.Root) is not { } resolved)
            {
                if (tasksPath is not null) throw new HrmException($"{path}: no such task file or folder");
                warn($"{path}: task files named by the run not found; their demonstrations are left out");
                continue;
            }
            var loaded = TaskLoader.Check(resolved);
            if (!loaded.IsValid) warn($"{resolved}: {loaded.Problems.Count} problem(s) in the task files; those tasks are shown without demonstrations");
            tasks.AddRange(loaded.Tasks);
        }
        var completed = TaskFiles.Attach(eval, tasks);
        int missing = completed.Tasks.Count(t => t.Demos.Count == 0 || t.Tests.Any(x => x.Input is null));
        if (missing > 0)
            notes.Add($"{missing} of {eval.Tasks.Count} tasks were not found in the task files ({string.Join(", ", candidates)}): shown without demonstrations.");
        return completed;
    }

    /// <summary>Task locations the report or the run config name, in order of preference.</summary>
    private static IEnumerable<string> Candidates(EvalReport eval, ReportSource source, string? config)
    {
        if (eval.TasksPath is { } p) yield return p;
        if (DataSection(config) is not { } data) yield break;
        foreach (string key in new[] { "eval_path", "path" })
            if (data.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(v.GetString()))
            {
                foreach (string part in v.GetString()!.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    yield return part;
                yield break;
            }
    }

    /// <summary>config.json's "data" object, or null when the config is missing or not shaped as expected.</summary>
    private static JsonElement? DataSection(string? config)
    {
        if (config is null) return null;
        try
        {
            using var doc = JsonDocument.Parse(config);
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("data", out var d) && d.ValueKind == JsonValueKind.Object
                ? d.Clone() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The path as given, or relative to the run folder (runs record paths as they were typed).</summary>
    private static string? Resolve(string path, string root)
    {
        if (File.Exists(path) || Directory.Exists(path)) return path;
        string beside = Path.Combine(root, path);
        return File.Exists(beside) || Directory.Exists(beside) ? beside : null;
    }
}
