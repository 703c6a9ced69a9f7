using System.CommandLine;
using System.Globalization;
using HrmSharp.Distributed;
using HrmSharp.Runtime;
using HrmSharp.Training;

namespace HrmSharp.Cli.Commands;

/// <summary>
/// `hrm train`: trains a model from a preset. With no arguments it is the README's main job: hrm-sudoku-tiny on
/// freshly generated Sudoku, with a progress bar, then an evaluation on held-out puzzles, in under ten minutes on a
/// small CPU.
/// </summary>
public static class TrainCommand
{
    public static Command Create(CliContext ctx)
    {
        var setup = new TrainSetup();
        var output = new Option<string?>("--out") { Description = "Run folder (config.json, metrics.jsonl, checkpoints/, eval/); default runs/<preset>-<time>." };
        var resume = new Option<bool>("--resume") { Description = "Continue the run in --out from its latest checkpoint (exactly: same numbers as an uninterrupted run)." };
        var cmd = new Command("train", $"Train a model (no arguments: {Presets.Default} on generated Sudoku, then evaluate on held-out puzzles).")
        {
            output, resume,
        };
        setup.AddTo(cmd);
        cmd.Subcommands.Add(CurriculumCommand.Create(ctx));
        cmd.SetAction(parse => AsJob(ctx, (r, world) => Train(parse, r, world, setup, output, resume)));
        return cmd;
    }

    /// <summary>
    /// Runs a training command as one process or as every rank of an mpirun/srun job: rank 0 reports; any rank that
    /// fails ends the whole job (the others would otherwise wait in the next collective forever).
    /// </summary>
    internal static int AsJob(CliContext ctx, Func<IReporter, IDistributed, int> body)
    {
        DeviceSetup.PreferPassiveOpenMpWait(); // before libtorch loads
        using var world = Launcher.Join();
        var r = world.IsRoot ? ctx.Reporter : new RankReporter(ctx.Reporter, world.Rank);
        try
        {
            return body(r, world);
        }
        catch (Exception ex) when (world.Size > 1)
        {
            var bad = ex as HrmException ?? ex.InnerException as HrmException;
            foreach (var line in bad?.Problems ?? [ex.ToString()])
                ctx.Reporter.Error($"rank {world.Rank}: {line}");
            world.Abort(bad is null ? CliApp.InternalError : CliApp.BadInput);
            throw;
        }
    }

    private static int Train(ParseResult parse, IReporter r, IDistributed world, TrainSetup setup, Option<string?> output, Option<bool> resume)
    {
        bool resuming = parse.GetValue(resume);
        string? outDir = parse.GetValue(output);
        if (resuming && outDir is null)
            throw new HrmException("--resume needs --out RUN_DIR (the run to continue)");

        // Resuming without --preset continues the run's own config.
        TrainConfig? saved = resuming && File.Exists(Path.Combine(outDir!, "config.json")) ? TrainConfig.Load(Path.Combine(outDir!, "config.json")) : null;
        var config = setup.Build(parse, saved);
        outDir ??= Path.Combine("runs", $"{config.Name}-{DateTime.Now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}");
        Run(config, outDir, resuming, r, world);
        return CliApp.Ok;
    }

    /// <summary>Trains one run folder (new, or resumed from its latest checkpoint) with progress, Ctrl+C handling and the final evaluation; false when stopped by Ctrl+C.</summary>
    internal static bool Run(TrainConfig config, string outDir, bool resuming, IReporter r, IDistributed world)
    {
        var folder = new RunFolder(outDir);
        r.Info($"preset {config.Name}: {Describe(config)}");
        using var trainer = r.Progress("preparing data", 1.0, sink =>
        {
            double shown = 0;
            return RunSetup.Start(config, folder, resuming, r.Info, world: world, progress: (what, done, total) =>
            {
                double f = (double)done / total;
                if (f > shown) sink.Advance(f - shown, $"{what} {done}/{total}");
                shown = Math.Max(shown, f);
            });
        });
        var m = trainer.Config.Model;
        r.Info($"model: {m.Core.ToString().ToLowerInvariant()}, hidden {m.HiddenSize}, layers H{m.HLayers}/L{m.LLayers}, cycles {m.HCycles}/{m.LCycles}, " +
                 $"max {m.HaltMaxSteps} ACT steps, {ParameterCount(trainer):N0} parameters, " +
                 $"{trainer.Config.DType.ToString().ToLowerInvariant()} on {trainer.Device.type.ToString().ToLowerInvariant()}, " +
               $"{TorchSharp.torch.get_num_threads()} threads" + (trainer.Streams > 1 ? $" in {trainer.Streams} streams" : "") +
               $", attention: {AttentionSummary(trainer)}");
        r.Info($"run folder: {folder.Root}");
        if (world.Size > 1)
            r.Info($"data parallel: {world.Description}; each rank takes 1/{world.Size} of every batch's rows, gradients summed every step");

        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            if (cancel.IsCancellationRequested)
                return; // a second Ctrl+C ends the process at once
            e.Cancel = true; // the first one stops after this step and writes a checkpoint
            r.Warn("stopping after this step (Ctrl+C again to quit without a checkpoint)");
            cancel.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        TrainResult result;
        try
        {
            result = r.Progress($"training {config.Name}", 1.0, sink => trainer.Run(folder, new TrainProgress(r, sink), cancel.Token));
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }

        r.Info($"trained {result.Steps} steps in {result.ElapsedSeconds / 60:F1} min; metrics: {folder.MetricsPath}");
        if (world.Size > 1)
            r.Info($"weights identical on all {world.Size} ranks (checked at every checkpoint)");
        if (folder.LatestCheckpoint is { } latest)
            r.Info($"checkpoint: {latest}");
        if (result.FinalEval is { } eval)
        {
            EvalResultPrinter.Print(r, eval, $"held-out evaluation ({trainer.Data.Eval!.Description}): ");
            r.Info($"report: {Path.Combine(folder.EvalDir, "report.json")}");
        }
        return !cancel.IsCancellationRequested;
    }

    private static string Describe(TrainConfig c)
    {
        var budget = new List<string>();
        if (c.Steps > 0) budget.Add($"{c.Steps} steps");
        if (c.Minutes > 0) budget.Add($"{c.Minutes:0.##} min");
        // In context a batch is a token budget of whole sequences; batch_size does not apply there.
        string batch = c.Data.Conditioning == HrmSharp.Modeling.Conditioning.Context
            ? $"batches of up to {c.Data.ContextTokensPerBatch} tokens (data.context_tokens_per_batch; batch_size is unused in context)"
            : $"batch {c.BatchSize}";
        string schedule = c.Optimizer.LrMinRatio < 1
            ? $" cosine to {c.Optimizer.LrMinRatio:G3}x over the {(c.Steps > 0 ? "steps" : "minutes")}"
            : "";
        return $"{c.Data.Kind.ToString().ToLowerInvariant()} data, {batch}, lr {c.Optimizer.Lr:G3}{schedule}, budget {string.Join(" or ", budget)}";
    }

    /// <summary>What computes attention in this run, for run headers.</summary>
    internal static string AttentionSummary(Trainer trainer)
    {
        var m = trainer.Config.Model;
        if (m.MlpT) return "none (mlp_t mixes positions)";
        var path = HrmSharp.Modeling.Layers.Attention.Resolve(m.Attention, trainer.Config.DType == DTypeChoice.Bfloat16,
            trainer.Device.type == TorchSharp.DeviceType.CPU, m.HeadDim);
        return HrmSharp.Modeling.Layers.Attention.Describe(path);
    }

    private static long ParameterCount(Trainer trainer) =>
        trainer.Model.parameters().Sum(p => p.numel()) + (trainer.Model.PuzzleEmbedding?.Weights.numel() ?? 0);

    /// <summary>"exact_accuracy 12.5%, token_accuracy 80.1%, tasks 60, ..." with accuracies and pass@k as percentages, other values
    /// (counts, seconds, settings) as numbers.</summary>
    public static string FormatSummary(IReadOnlyDictionary<string, double> summary) =>
        string.Join(", ", summary.Select(kv => IsFraction(kv.Key)
            ? $"{kv.Key} {kv.Value:P1}"
            : $"{kv.Key} {kv.Value:0.####}"));

    private static bool IsFraction(string key) =>
        key.Contains("accuracy", StringComparison.Ordinal) || key.Contains("pass@", StringComparison.Ordinal) || key.EndsWith("invalid_predictions", StringComparison.Ordinal);
}
