using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using HrmSharp.Runtime;
using HrmSharp.Training;
using TorchSharp;
using HrmSharp.Training.Data;

namespace HrmSharp.Cli.Commands;

/// <summary>
/// `hrm eval`: evaluates a checkpoint on its run's held-out data (or other data), writing report, summary and submission
/// JSON. In-context ARC checkpoints take --ttt-*: each evaluation task is answered by a copy fine-tuned on its demos.
/// </summary>
public static class EvalCommand
{
    public static Command Create(CliContext ctx)
    {
        var checkpoint = new Option<string>("--checkpoint") { Description = "A checkpoint folder, or a run folder (its latest checkpoint).", Required = true };
        var data = new Option<string?>("--data") { Description = "Evaluation data instead of the run's held-out set: a Sudoku/Maze CSV or ARC task folder (sets data.eval_path)." };
        var output = new Option<string?>("--out") { Description = "Folder for report.json, summary.json, submission.json (default: <checkpoint>/eval)." };
        var batch = new Option<int?>("--batch-size") { Description = "Examples per forward (default: the run's eval batch size)." };
        var segments = new Option<int?>("--segments") { Description = "ACT segments to run (default: the model's halt_max_steps)." };
        var noEma = new Option<bool>("--no-ema") { Description = "Use the live weights even when the checkpoint has EMA weights." };
        var tasks = new Option<int?>("--tasks") { Description = "ARC: evaluate only the first N tasks in id order (sets data.eval_tasks; 0 = all)." };
        var views = new Option<int?>("--views") { Description = "ARC: augmented views per test input that vote (sets data.eval_augmentations)." };
        var ttt = new TttCliOptions();
        var shard = new Option<string?>("--shard")
        {
            Description = "Evaluate only shard i of N (i/N, or auto: Slurm job array or Kubernetes Indexed Job); merge the shard folders with hrm eval merge.",
        };
        var shards = new Option<int?>("--shards") { Description = "With --shard auto under a Kubernetes Indexed Job: the number of shards (the job's completions)." };
        var cmd = new Command("eval", "Evaluate a checkpoint: token and exact accuracy (Sudoku/Maze), voting and pass@k (ARC).")
        {
            checkpoint, data, output, batch, segments, noEma, tasks, views, shard, shards,
        };
        foreach (var o in ttt.All) cmd.Options.Add(o);
        cmd.Subcommands.Add(MergeCommand(ctx));
        cmd.SetAction(parse =>
        {
            var r = ctx.Reporter;
            var info = Checkpoint.ReadInfo(CheckpointFolders.Resolve(parse.GetValue(checkpoint)!));
            var settings = new JsonObject
            {
                ["data"] = parse.GetValue(data),
                ["tasks"] = parse.GetValue(tasks),
                ["views"] = parse.GetValue(views),
                ["segments"] = parse.GetValue(segments),
                ["ema"] = !parse.GetValue(noEma),
            };
            var config = Configure(info, settings);
            int batchSize = parse.GetValue(batch) ?? (config.EvalBatchSize > 0 ? config.EvalBatchSize : config.BatchSize);
            if (batchSize < 1) throw new HrmException($"--batch-size must be at least 1, got {batchSize}");

            var tttOptions = ttt.Read(parse, info, config.Data.Seed);
            var set = r.Progress("preparing data", 1.0, sink => DataFactory.Create(config.Data, info.PuzzleIds, scoringOnly: true)).Eval
                ?? throw new HrmException($"{info.Name}: the run has no held-out data (data.eval_count 0); give --data");
            if (tttOptions is not null)
                set = set is Training.Context.ContextEvalSet inContext
                    ? inContext.WithTtt(tttOptions, result => r.Info(TttCliOptions.Describe(result)))
                    : throw new HrmException($"{info.Name}: test-time training applies to in-context ARC evaluation only ({set.Description})");
            DeviceSetup.SetThreads(config.Threads);
            var device = DeviceSetup.Device(config.Device);
            using var model = Checkpoint.LoadModel(info, useEma: !parse.GetValue(noEma));
            model.to(device);

            if (parse.GetValue(shard) is { } shardText)
            {
                var slice = EvalShard.Parse(shardText, parse.GetValue(shards));
                var shardDir = parse.GetValue(output) ?? throw new HrmException("--shard needs --out DIR (one folder per shard, merged with hrm eval merge)");
                if (set is Training.Context.ContextEvalSet inContextSet)
                {
                    settings["mode"] = ContextShards.Mode;
                    settings["ttt"] = inContextSet.Ttt is { } t ? JsonSerializer.SerializeToNode(t) : null;
                    var counts = inContextSet.ChunkCounts;
                    var contextManifest = new ShardedEvaluation.Manifest(Path.GetFullPath(info.Folder), info.Step, settings, set.Count, 0, counts.Values.Sum(), slice);
                    ShardedEvaluation.Prepare(contextManifest, shardDir);
                    var (before, owned) = ContextShards.Progress(shardDir, slice, counts);
                    r.Info($"evaluating shard {slice} of {info.Folder} (step {info.Step}) on {set.Description}: {owned} chunks of tasks, {before} already done");
                    r.Progress($"shard {slice}", 1.0, _ => inContextSet.Evaluate(model, device, null, ContextShards.ForShard(shardDir, slice)));
                    r.Info($"shard {slice}: {owned - before} chunks computed, {before} already done; merge with: hrm eval merge <every shard folder> --out DIR");
                    return CliApp.Ok;
                }
                if (set is not IFixedShapeEvalSet fixedShape)
                    throw new HrmException($"--shard: this evaluation ({set.Description}) cannot be sharded");
                settings["batch_size"] = batchSize;
                settings["effective_batch_size"] = EvalRunner.EffectiveBatchSize(batchSize, set.Count);
                int batches = EvalRunner.BatchCount(set.Count, batchSize);
                var manifest = new ShardedEvaluation.Manifest(Path.GetFullPath(info.Folder), info.Step, settings, set.Count, model.Config.SeqLen, batches, slice);
                int mine = ShardedEvaluation.BatchesOf(slice, batches);
                r.Info($"evaluating shard {slice} of {info.Folder} (step {info.Step}) on {set.Description}: {mine} of {batches} batches");
                var (computed, already) = r.Progress($"shard {slice}", mine, sink =>
                    ShardedEvaluation.Run(model, fixedShape, batchSize, device, parse.GetValue(segments), manifest, shardDir, done => sink.Advance(1, $"{done}/{mine}")));
                r.Info($"shard {slice}: {computed} batches computed, {already} already done; merge with: hrm eval merge <every shard folder> --out DIR");
                return CliApp.Ok;
            }

            var outDir = parse.GetValue(output) ?? Path.Combine(info.Folder, "eval");
            r.Info($"evaluating {info.Folder} (step {info.Step}) on {set.Description}");
            var result = r.Progress("evaluating", set.Count, sink =>
            {
                int shown = 0;
                return EvalRunner.Evaluate(model, set, batchSize, device, outDir, parse.GetValue(segments), done =>
                {
                    sink.Advance(done - shown, $"{done}/{set.Count}");
                    shown = done;
                });
            });
            EvalResultPrinter.Print(r, result, "");
            if (result.Summary.TryGetValue("ttt_seconds_per_task", out double tttSeconds))
                r.Info($"TTT: {result.Summary.GetValueOrDefault("ttt_tasks_adapted"):0} tasks adapted, " +
                       $"{result.Summary.GetValueOrDefault("ttt_mean_steps"):0.#} steps and {tttSeconds:0.0} s per task, " +
                       $"loss {result.Summary.GetValueOrDefault("ttt_mean_first_loss"):0.000} → {result.Summary.GetValueOrDefault("ttt_mean_last_loss"):0.000} on average");
            r.Info($"report: {Path.Combine(outDir, "report.json")}");
            return CliApp.Ok;
        });
        return cmd;
    }

    /// <summary>The checkpoint's config with the evaluation settings applied (data, tasks, views), as eval and merge both need it.</summary>
    private static TrainConfig Configure(CheckpointInfo info, JsonObject settings)
    {
        var config = info.Config;
        if (settings["data"]?.GetValue<string>() is { } path)
            config = config with { Data = config.Data with { EvalPath = path, EvalCount = Math.Max(config.Data.EvalCount, 1) } };
        if (settings["tasks"]?.GetValue<int>() is int n)
            config = config with { Data = config.Data with { EvalTasks = n >= 0 ? n : throw new HrmException($"--tasks must not be negative, got {n}") } };
        if (settings["views"]?.GetValue<int>() is int v)
            config = config with { Data = config.Data with { EvalAugmentations = v >= 1 ? v : throw new HrmException($"--views must be at least 1, got {v}") } };
        return config;
    }

    /// <summary>`hrm eval merge DIR... --out OUT`: the shards of one evaluation scored together, as one unsharded run would have.</summary>
    private static Command MergeCommand(CliContext ctx)
    {
        var folders = new Argument<string[]>("shards") { Description = "Every shard folder of one evaluation (hrm eval --shard i/N --out DIR).", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string>("--out") { Description = "Folder for report.json, summary.json, submission.json.", Required = true };
        var cmd = new Command("merge", "Check that shard folders are the complete, disjoint shards of one evaluation and write its report, summary and submission.")
        {
            folders, output,
        };
        cmd.SetAction(parse =>
        {
            var r = ctx.Reporter;
            var shardFolders = parse.GetValue(folders)!;
            var manifests = ShardedEvaluation.Check(shardFolders);
            if (manifests[0].Settings["mode"]?.GetValue<string>() == ContextShards.Mode)
                return MergeInContext(r, shardFolders, manifests, parse.GetValue(output)!);
            var (manifest, predictions) = ShardedEvaluation.Merge(shardFolders, manifests);
            var info = Checkpoint.ReadInfo(manifest.Checkpoint);
            if (info.Step != manifest.Step)
                throw new HrmException($"{manifest.Checkpoint}: now holds step {info.Step}, but the shards evaluated step {manifest.Step}");
            var config = Configure(info, manifest.Settings);
            var set = DataFactory.Create(config.Data, info.PuzzleIds, scoringOnly: true).Eval
                ?? throw new HrmException($"{info.Name}: the run has no held-out data; the shards' settings name none");
            if (set.Count != manifest.Examples)
                throw new HrmException($"the evaluation data now has {set.Count} examples but the shards evaluated {manifest.Examples} (the data changed?)");
            var result = (set as IFixedShapeEvalSet
                ?? throw new HrmException($"{set.Description}: not an evaluation of fixed-shape examples, but the shards were")).Score(predictions);
            var outDir = parse.GetValue(output)!;
            EvalRunner.Write(result, outDir);
            r.Info($"merged {manifest.Shard.Count} shards of {manifest.Checkpoint} (step {manifest.Step}): {set.Description}");
            EvalResultPrinter.Print(r, result, "");
            r.Info($"report: {Path.Combine(outDir, "report.json")}");
            return CliApp.Ok;
        });
        return cmd;
    }

    /// <summary>In-context shards: the same set and model rebuilt from the manifest, every chunk replayed from its shard.</summary>
    private static int MergeInContext(IReporter r, IReadOnlyList<string> folders, IReadOnlyList<ShardedEvaluation.Manifest> manifests, string outDir)
    {
        var manifest = manifests[0];
        var info = Checkpoint.ReadInfo(manifest.Checkpoint);
        if (info.Step != manifest.Step)
            throw new HrmException($"{manifest.Checkpoint}: now holds step {info.Step}, but the shards evaluated step {manifest.Step}");
        var config = Configure(info, manifest.Settings);
        var set = DataFactory.Create(config.Data, info.PuzzleIds, scoringOnly: true).Eval as Training.Context.ContextEvalSet
            ?? throw new HrmException($"{info.Name}: the shards are in-context ones but the checkpoint's evaluation is not");
        if (manifest.Settings["ttt"] is JsonObject ttt)
            set = set.WithTtt(ttt.Deserialize<TttOptions>() ?? throw new HrmException($"{folders[0]}: unreadable TTT settings"));
        if (set.Count != manifest.Examples || set.ChunkCounts.Values.Sum() != manifest.Batches)
            throw new HrmException($"the evaluation data now has {set.Count} test inputs in {set.ChunkCounts.Values.Sum()} chunks " +
                                   $"but the shards evaluated {manifest.Examples} in {manifest.Batches} (the data changed?)");
        DeviceSetup.SetThreads(config.Threads);
        var device = DeviceSetup.Device(config.Device);
        using var model = Checkpoint.LoadModel(info, useEma: manifest.Settings["ema"]?.GetValue<bool>() ?? true);
        model.to(device);
        var result = set.Evaluate(model, device, outDir, ContextShards.ForMerge([.. folders.Zip(manifests, (f, m) => (f, m.Shard))]));
        r.Info($"merged {manifest.Shard.Count} shards of {manifest.Checkpoint} (step {manifest.Step}): {set.Description}");
        EvalResultPrinter.Print(r, result, "");
        r.Info($"report: {Path.Combine(outDir, "report.json")}");
        return CliApp.Ok;
    }
}
