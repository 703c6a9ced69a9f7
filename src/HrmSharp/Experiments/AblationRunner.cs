using System.Globalization;
using System.Text.Json.Nodes;
using HrmSharp.IO;
using HrmSharp.Modeling;
using HrmSharp.Runtime;
using HrmSharp.Training;
using HrmSharp.Training.Data;
using TorchSharp;

namespace HrmSharp.Experiments;

/// <summary>
/// Runs an ablation into a folder: one training run per training-axis setting in &lt;out&gt;/&lt;key=value&gt;/ (an
/// ordinary run folder: `hrm eval`, `hrm report` and `hrm plot` read it), all with the base config's seed and budget,
/// then one evaluation per evaluation-axis setting, then ablation.md, ablation.csv and ablation.png.
/// Re-running continues: a run whose final evaluation exists (eval/summary.json) is not trained again, an interrupted
/// one resumes from its latest checkpoint, and an evaluation whose summary.json exists is read back.
/// </summary>
public sealed class AblationRunner(AblationPlan plan, TrainConfig baseConfig, string outDir)
{
    public const string MarkdownFile = "ablation.md";
    public const string CsvFile = "ablation.csv";
    public const string PlotFile = "ablation.png";
    private const string SummaryFile = "summary.json";

    /// <summary>Log lines.</summary>
    public Action<string> Info { get; init; } = _ => { };

    /// <summary>Wraps each training run (the CLI shows a progress bar): gets the run's title and the work to do with a monitor.</summary>
    public Func<string, Func<ITrainingMonitor, TrainResult>, TrainResult> Train { get; init; } = (_, work) => work(NullTrainingMonitor.Instance);

    public IReadOnlyList<AblationMetric> Metrics { get; } = AblationMetric.For(baseConfig);

    /// <summary>Trains and evaluates what is not done yet; returns every row (all of them unless cancelled) and writes the tables and plot.</summary>
    public IReadOnlyList<AblationRow> Run(CancellationToken cancel = default)
    {
        Directory.CreateDirectory(outDir);
        var rows = new List<AblationRow>();
        var runs = plan.Runs;
        for (int i = 0; i < runs.Count && !cancel.IsCancellationRequested; i++)
        {
            var run = runs[i];
            var folder = new RunFolder(Path.Combine(outDir, run.FolderName));
            string title = $"run {i + 1}/{runs.Count} {run.FolderName}";
            bool trained = !File.Exists(Path.Combine(folder.EvalDir, SummaryFile));
            if (!trained)
                Info($"{title}: finished earlier, not trained again");
            else if (!TrainRun(title, plan.RunConfig(baseConfig, run), folder, cancel))
                break;

            var checkpoint = Checkpoint.ReadInfo(folder.LatestCheckpoint ?? throw new HrmException($"{folder.Root}: finished run without a checkpoint"));
            long parameters = NetworkParameters(checkpoint.Config.Model);
            double? finalLoss = FinalLoss(folder.MetricsPath);
            foreach (var evaluation in plan.Evaluations)
            {
                if (cancel.IsCancellationRequested) break;
                var summary = evaluation.Settings.Count == 0
                    ? ReadSummary(Path.Combine(folder.EvalDir, SummaryFile))
                    : EvaluateAt(checkpoint, evaluation, Path.Combine(folder.Root, evaluation.FolderName), $"{title} {evaluation.FolderName}", reuse: !trained);
                rows.Add(new AblationRow(run, evaluation, checkpoint.Step, checkpoint.ElapsedSeconds / 60, finalLoss, summary, parameters));
            }
        }
        Write(rows);
        return rows;
    }

    /// <summary>Trains (or resumes) one run to its budget and final evaluation; false when cancelled first.</summary>
    private bool TrainRun(string title, TrainConfig config, RunFolder folder, CancellationToken cancel)
    {
        bool resuming = folder.LatestCheckpoint is not null;
        Info($"{title}: {(resuming ? "resuming" : "training")} into {folder.Root}");
        using var trainer = RunSetup.Start(config, folder, resume: true, Info);
        if (trainer.Data.Eval is null)
            throw new HrmException($"{config.Name}: the ablation compares held-out results, but this data has no evaluation set " +
                                   "(data.eval_count 0, or an ARC folder without evaluation/)");
        var result = Train(title, monitor => trainer.Run(folder, monitor, cancel));
        if (cancel.IsCancellationRequested)
        {
            Info($"stopped during {title}; run the same command again to continue");
            return false;
        }
        Info($"{title}: {result.Steps} steps in {result.ElapsedSeconds / 60:F1} min");
        return true;
    }

    /// <summary>
    /// Evaluates a checkpoint with evaluation-time settings (ACT segments, voting views) into <paramref name="dir"/>, or
    /// with <paramref name="reuse"/> reads back an earlier evaluation (not after the run trained further).
    /// </summary>
    private Dictionary<string, double> EvaluateAt(CheckpointInfo checkpoint, AblationPoint evaluation, string dir, string title, bool reuse)
    {
        var summaryPath = Path.Combine(dir, SummaryFile);
        if (reuse && File.Exists(summaryPath))
        {
            Info($"{title}: evaluated earlier");
            return ReadSummary(summaryPath);
        }
        var config = checkpoint.Config;
        if (evaluation.ValueOf(AblationPlan.EvalViews) is { } views)
            config = config with { Data = config.Data with { EvalAugmentations = int.Parse(views, CultureInfo.InvariantCulture) } };
        // The segment count is the model's halt_max_steps at evaluation (no weight depends on it), so it may exceed training's.
        if (evaluation.ValueOf(AblationPlan.EvalSegments) is { } segments)
            config = config with { Model = config.Model with { HaltMaxSteps = int.Parse(segments, CultureInfo.InvariantCulture) } };

        Info($"{title}: evaluating");
        var set = DataFactory.Create(config.Data, checkpoint.PuzzleIds).Eval
            ?? throw new HrmException($"{checkpoint.Name}: the run has no held-out data to evaluate");
        DeviceSetup.SetThreads(config.Threads);
        var device = DeviceSetup.Device(config.Device);
        using var model = Checkpoint.LoadModel(checkpoint with { Config = config });
        model.to(device);
        int batchSize = config.EvalBatchSize > 0 ? config.EvalBatchSize : config.BatchSize;
        return new Dictionary<string, double>(EvalRunner.Evaluate(model, set, batchSize, device, dir).Summary);
    }

    /// <summary>Mean "loss" over the last tenth (at least one) of the training lines in metrics.jsonl.</summary>
    internal static double? FinalLoss(string metricsPath)
    {
        if (!File.Exists(metricsPath)) return null;
        var loss = Reporting.MetricsReader.Read(metricsPath).Series.FirstOrDefault(s => !s.Eval && s.Name == "loss")?.Points;
        if (loss is null || loss.Count == 0) return null;
        return loss.Skip(loss.Count - Math.Max(1, loss.Count / 10)).Average(p => p.Value);
    }

    private static Dictionary<string, double> ReadSummary(string path)
    {
        var node = JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new HrmException($"{path}: expected a JSON object");
        return node.Where(kv => kv.Value is JsonValue v && v.TryGetValue<double>(out _)).ToDictionary(kv => kv.Key, kv => kv.Value!.GetValue<double>());
    }

    /// <summary>Trainable weights of the network (the puzzle-embedding table is a buffer and not counted).</summary>
    private static long NetworkParameters(ModelConfig config)
    {
        using var model = new ActModel(config);
        return model.parameters().Sum(p => p.numel());
    }

    private void Write(IReadOnlyList<AblationRow> rows)
    {
        string budget = string.Join(" or ", new[]
        {
            baseConfig.Steps > 0 ? $"{baseConfig.Steps} steps" : null,
            baseConfig.Minutes > 0 ? $"{baseConfig.Minutes.ToString("0.##", CultureInfo.InvariantCulture)} min" : null,
        }.OfType<string>());
        string title = $"Ablation of {baseConfig.Name}: {string.Join(" × ", plan.Axes.Select(a => a.Key))}";
        var notes = new List<string>
        {
            $"Every run: preset {baseConfig.Name}, seed {baseConfig.Seed}, data seed {baseConfig.Data.Seed}, budget {budget} per run, " +
            $"{baseConfig.Data.Kind.ToString().ToLowerInvariant()} data, {(baseConfig.Data.Conditioning == Conditioning.Context ? "in context" : "puzzle identifiers")}.",
            $"Varied: {string.Join("; ", plan.Axes.Select(a => a + (a.AtEval ? " (evaluation only: one trained model per run)" : " (a training run each)")))}.",
            "Metrics are on held-out data (EMA weights when the run keeps them); params counts the network without the puzzle-embedding table.",
        };
        foreach (var (label, sets) in plan.WalkSettings)
            notes.Add($"- {label}: {(sets.Count == 0 ? "the base config" : string.Join(" ", sets.Select(x => $"`{x}`")))}");
        if (rows.Count < plan.Runs.Count * plan.Evaluations.Count)
            notes.Add($"Incomplete: {rows.Count} of {plan.Runs.Count * plan.Evaluations.Count} rows; run the same command again to continue.");
        AtomicFile.WriteAllText(Path.Combine(outDir, MarkdownFile), AblationTable.Markdown(title, notes, plan, Metrics, rows));
        AtomicFile.WriteAllText(Path.Combine(outDir, CsvFile), AblationTable.Csv(plan, Metrics, rows));
        AtomicFile.WriteAllBytes(Path.Combine(outDir, PlotFile), AblationPlot.Render(plan, Metrics, rows, title));
    }
}
