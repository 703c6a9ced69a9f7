using System.Text.Json.Nodes;
using HrmSharp.IO;
using HrmSharp.Modeling;
using static TorchSharp.torch;

namespace HrmSharp.Training;

/// <summary>
/// A checkpoint folder, checkpoint-&lt;step&gt;/:
/// <list type="bullet">
/// <item>trainer.json: format, step, elapsed seconds, the full effective config, and each file's size (a truncated file is caught before it is read);</item>
/// <item>model.safetensors: every parameter and persistent buffer by reference name (the puzzle-embedding table included);</item>
/// <item>optimizer.bin: the dense optimiser's step counts and moments (TorchSharp save_state_dict);</item>
/// <item>state.safetensors: the ACT carry (carry/z_H, z_L, steps, halted, inputs, labels, puzzle_identifiers) and the exploration RNG state (rng/exploration);</item>
/// <item>ema.safetensors: the averaged weights, when EMA is on;</item>
/// <item>puzzle_ids.json: what each puzzle-embedding row stands for (ARC), so evaluation and resume use the same identifiers.</item>
/// </list>
/// <see cref="CheckpointFolders"/> names, finds and writes the folders (atomically); <see cref="CheckpointCarry"/> turns the
/// ACT carry into state.safetensors and back. The data sampler needs no state: the batch of step s is a function of s.
/// </summary>
public static class Checkpoint
{
    public const string Format = "hrmsharp.checkpoint";
    public const int Version = 1;
    public const string InfoFile = "trainer.json";
    public const string ModelFile = "model.safetensors";
    public const string OptimizerFile = "optimizer.bin";
    public const string StateFile = "state.safetensors";
    public const string EmaFile = "ema.safetensors";
    public const string PuzzleIdsFile = "puzzle_ids.json";

    /// <summary>trainer.json key of an imported checkpoint (weights only): the file it was imported from.</summary>
    public const string ImportedFromKey = "imported_from";
    /// <summary>
    /// Writes the trainer's state, with <paramref name="carry"/> the carry of the whole batch (data parallel: assembled
    /// from every rank's rows), into checkpoints/checkpoint-&lt;step&gt; and points latest at it; keeps the newest
    /// <paramref name="keep"/> (0 = all).
    /// </summary>
    public static string Save(string checkpointsDir, Trainer trainer, ActCarry? carry, double elapsedSeconds, int keep)
    {
        var final = CheckpointFolders.Write(checkpointsDir, trainer.Step, elapsedSeconds, trainer.Config, extraInfo: null, temp =>
        {
            ModelWeights.SaveFile(trainer.Model, Path.Combine(temp, ModelFile));
            using (var stream = File.Create(Path.Combine(temp, OptimizerFile)))
            using (var writer = new BinaryWriter(stream))
                trainer.Optimizer.save_state_dict(writer);
            Safetensors.Write(Path.Combine(temp, StateFile), CheckpointCarry.StateTensors(trainer, carry));
            if (trainer.Ema is { } ema)
                Safetensors.Write(Path.Combine(temp, EmaFile), ema.StateTensors());
            if (trainer.Data.Train.PuzzleIds.Count > 1)
                trainer.Data.Train.PuzzleIds.Write(Path.Combine(temp, PuzzleIdsFile));
        });
        if (keep > 0)
            foreach (var old in CheckpointFolders.List(checkpointsDir).SkipLast(keep))
                Directory.Delete(old, recursive: true);
        return final;
    }

    /// <summary>Refuses to resume an imported checkpoint (weights only: no optimiser state, no ACT carry).</summary>
    public static void RefuseResumingImported(CheckpointInfo info)
    {
        if (info.ImportedFrom is { } source)
            throw new HrmException($"{info.Name}: imported from {source} (weights only, no optimiser state or ACT carry), " +
                                   "so it cannot be resumed; evaluate it, or train a new run");
    }

    /// <summary>Reads and checks trainer.json and the presence and sizes of the files it lists.</summary>
    public static CheckpointInfo ReadInfo(string folder)
    {
        var name = Path.GetFileName(Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar));
        var infoPath = Path.Combine(folder, InfoFile);
        if (!File.Exists(infoPath))
            throw new HrmException($"{name}/{InfoFile}: missing (not a checkpoint folder, or an incomplete one)");
        var info = JsonInput.ParseObject(File.ReadAllText(infoPath), $"{name}/{InfoFile}");
        // A hand-edited or foreign file may hold any kind of value under any key: read each as the kind it must be.
        static T? Value<T>(JsonNode? node) where T : struct => node is JsonValue v && v.TryGetValue<T>(out var x) ? x : null;
        static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var x) ? x : null;
        if (Text(info["format"]) != Format)
            throw new HrmException($"{name}/{InfoFile}: not an HrmSharp checkpoint (format must be \"{Format}\")");
        if (Value<int>(info["version"]) != Version)
            throw new HrmException($"{name}/{InfoFile}: checkpoint version {info["version"]?.ToJsonString() ?? "(none)"} is not supported (this build reads {Version})");
        if (Value<long>(info["step"]) is not { } step || Value<double>(info["elapsed_seconds"]) is not { } elapsed)
            throw new HrmException($"{name}/{InfoFile}: step and elapsed_seconds must be numbers");
        if (info["config"] is not JsonObject configNode)
            throw new HrmException($"{name}/{InfoFile}: has no config");
        var config = TrainConfig.FromNode(configNode, $"{name}/{InfoFile} config");

        var problems = new List<string>();
        if (info["files"] is JsonObject files)
        {
            foreach (var (file, size) in files)
            {
                var path = Path.Combine(folder, file);
                if (!File.Exists(path))
                    problems.Add($"{name}/{file}: missing");
                else if (new FileInfo(path).Length != Value<long>(size))
                    problems.Add($"{name}/{file}: {new FileInfo(path).Length} bytes but the checkpoint wrote {size} (truncated or replaced)");
            }
        }
        var importedFrom = Text(info[ImportedFromKey]);
        foreach (var required in importedFrom is null ? new[] { ModelFile, OptimizerFile, StateFile } : [ModelFile])
            if (!File.Exists(Path.Combine(folder, required)) && !problems.Any(p => p.StartsWith($"{name}/{required}:", StringComparison.Ordinal)))
                problems.Add($"{name}/{required}: missing");
        if (problems.Count > 0)
            throw new HrmException(problems);
        var idsPath = Path.Combine(folder, PuzzleIdsFile);
        var ids = File.Exists(idsPath) ? Encoding.PuzzleIdTable.Read(idsPath) : null;
        return new CheckpointInfo(folder, name, step, elapsed, config, ids) { ImportedFrom = importedFrom };
    }

    /// <summary>Loads just the weights of a checkpoint into a model built from its config (evaluation, export).</summary>
    public static ActModel LoadModel(CheckpointInfo info, bool useEma = true)
    {
        var model = new ActModel(info.Config.Model, (ulong)info.Config.Seed);
        try
        {
            ModelWeights.Load(model, ReadTensors(info, ModelFile).Tensors, $"{info.Name}/{ModelFile}");
            if (useEma) LoadEmaWeights(info, model);
        }
        catch
        {
            model.Dispose();
            throw;
        }
        return model;
    }

    /// <summary>The checkpoint's EMA weights over the model's parameters, when it kept them (what it evaluates with).</summary>
    private static void LoadEmaWeights(CheckpointInfo info, ActModel model)
    {
        if (!File.Exists(Path.Combine(info.Folder, EmaFile))) return;
        using var ema = ReadTensors(info, EmaFile);
        var named = model.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        var problems = named.Keys.Where(n => !ema.Contains(n)).Select(n => $"{info.Name}/{EmaFile}: missing tensor '{n}'").ToList();
        HrmException.ThrowIfAny(problems);
        using var noGrad = no_grad();
        foreach (var (n, p) in named)
        {
            if (!ema[n].shape.SequenceEqual(p.shape))
                throw new HrmException($"{info.Name}/{EmaFile}: tensor '{n}' has shape [{string.Join(", ", ema[n].shape)}] but the model expects [{string.Join(", ", p.shape)}]");
            p.copy_(ema[n]);
        }
    }

    /// <summary>
    /// Copies a checkpoint's weights (its EMA weights when it kept them, as evaluation uses) into a fresh model for a warm
    /// start (<see cref="TrainConfig.InitFrom"/>); every tensor must match by name and shape.
    /// </summary>
    public static CheckpointInfo InitialiseWeights(string path, ActModel model)
    {
        var info = ReadInfo(CheckpointFolders.Resolve(path));
        if (model.PuzzleEmbedding is not null)
            throw new HrmException($"init_from {path}: a warm start is for models without puzzle embeddings (a puzzle-identifier model's " +
                                   "embedding rows belong to its own task list); set model.puzzle_emb_ndim=0 or train from scratch");
        try
        {
            using (var weights = ReadTensors(info, ModelFile))
                ModelWeights.Load(model, weights.Tensors, $"{info.Name}/{ModelFile}");
            LoadEmaWeights(info, model);
        }
        catch (HrmException ex)
        {
            throw new HrmException([$"init_from {path}: this run's model settings do not build the checkpoint's tensors (compare its config.json)",
                .. ex.Problems]);
        }
        return info;
    }

    /// <summary>Restores everything into a trainer built from the same config; returns the carry, step and elapsed time.</summary>
    public static RestoredState Restore(string folder, Trainer trainer)
    {
        var info = ReadInfo(folder);
        RefuseResumingImported(info);
        var differences = ConfigDiff.Structural(info.Config, trainer.Config);
        if (differences.Count > 0)
            throw new HrmException([.. differences.Select(d => $"{info.Name}: {d}")]);

        using (var weights = ReadTensors(info, ModelFile))
            ModelWeights.Load(trainer.Model, weights.Tensors, $"{info.Name}/{ModelFile}");

        var optimizerPath = Path.Combine(folder, OptimizerFile);
        try
        {
            using var stream = File.OpenRead(optimizerPath);
            using var reader = new BinaryReader(stream);
            trainer.Optimizer.load_state_dict(reader);
            if (stream.Position != stream.Length)
                throw new HrmException($"{info.Name}/{OptimizerFile}: {stream.Length - stream.Position} bytes left over after the optimiser state " +
                                       "(written for a different model?)");
        }
        catch (Exception ex) when (ex is not HrmException)
        {
            throw new HrmException($"{info.Name}/{OptimizerFile}: cannot be read ({ex.Message.Split('\n')[0]}): truncated, or written for a different model");
        }

        if (trainer.Ema is { } ema)
        {
            if (!File.Exists(Path.Combine(folder, EmaFile)))
                throw new HrmException($"{info.Name}/{EmaFile}: missing (this run has EMA on)");
            using var shadows = ReadTensors(info, EmaFile);
            try { ema.LoadState(shadows.Tensors); }
            catch (HrmException ex) { throw new HrmException([.. ex.Problems.Select(p => $"{info.Name}/{EmaFile}: {p}")]); }
        }

        using var state = ReadTensors(info, StateFile);
        var carry = CheckpointCarry.Restore(info, state, trainer);
        var rng = CheckpointCarry.Expect(info, state, "rng/exploration", trainer.Model.ExplorationRng.get_state());
        trainer.Model.ExplorationRng.set_state(rng);
        return new RestoredState(carry, info.Step, info.ElapsedSeconds);
    }

    internal static SafetensorsFile ReadTensors(CheckpointInfo info, string file)
    {
        try
        {
            return Safetensors.Read(Path.Combine(info.Folder, file));
        }
        catch (HrmException ex)
        {
            // Safetensors names the bare file; say which checkpoint it belongs to.
            throw new HrmException([.. ex.Problems.Select(p => p.StartsWith(file, StringComparison.Ordinal) ? $"{info.Name}/{p}" : p)]);
        }
    }
}
