using System.Text.Json;
using System.Text.Json.Nodes;
using HrmSharp.IO;
using HrmSharp.Modeling;
using HrmSharp.Training.Data;
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
/// The folder is written under a temporary name and renamed into place, then checkpoints/latest is rewritten
/// atomically, so a crash leaves the previous checkpoint intact. The data sampler needs no state: the batch of step s
/// is a function of s.
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
    public const string LatestFile = "latest";

    /// <summary>trainer.json key of an imported checkpoint (weights only): the file it was imported from.</summary>
    public const string ImportedFromKey = "imported_from";
    private const string Prefix = "checkpoint-";

    public static string FolderName(long step) => $"{Prefix}{step:D7}";

    /// <summary>
    /// Writes the trainer's state, with <paramref name="carry"/> the carry of the whole batch (data parallel: assembled
    /// from every rank's rows), into checkpoints/checkpoint-&lt;step&gt; and points latest at it; keeps the newest
    /// <paramref name="keep"/> (0 = all).
    /// </summary>
    public static string Save(string checkpointsDir, Trainer trainer, ActCarry? carry, double elapsedSeconds, int keep)
    {
        var final = Write(checkpointsDir, trainer.Step, elapsedSeconds, trainer.Config, extraInfo: null, temp =>
        {
            ModelWeights.SaveFile(trainer.Model, Path.Combine(temp, ModelFile));
            using (var stream = File.Create(Path.Combine(temp, OptimizerFile)))
            using (var writer = new BinaryWriter(stream))
                trainer.Optimizer.save_state_dict(writer);
            Safetensors.Write(Path.Combine(temp, StateFile), StateTensors(trainer, carry));
            if (trainer.Ema is { } ema)
                Safetensors.Write(Path.Combine(temp, EmaFile), ema.StateTensors());
            if (trainer.Data.Train.PuzzleIds.Count > 1)
                trainer.Data.Train.PuzzleIds.Write(Path.Combine(temp, PuzzleIdsFile));
        });
        if (keep > 0)
            foreach (var old in List(checkpointsDir).SkipLast(keep))
                Directory.Delete(old, recursive: true);
        return final;
    }

    /// <summary>
    /// Writes checkpoints/checkpoint-&lt;step&gt;: <paramref name="writeFiles"/> fills a temporary folder, trainer.json
    /// (format, step, elapsed time, each file's size, the config, and <paramref name="extraInfo"/>) is added, the folder
    /// is renamed into place and checkpoints/latest rewritten, so a crash leaves the previous checkpoint intact.
    /// </summary>
    public static string Write(string checkpointsDir, long step, double elapsedSeconds, TrainConfig config, JsonObject? extraInfo,
        Action<string> writeFiles)
    {
        Directory.CreateDirectory(checkpointsDir);
        var name = FolderName(step);
        var final = Path.Combine(checkpointsDir, name);
        var temp = Path.Combine(checkpointsDir, $".{name}.{Guid.NewGuid():N}.tmp");
        Directory.CreateDirectory(temp);
        try
        {
            writeFiles(temp);
            var files = new JsonObject();
            foreach (var file in Directory.EnumerateFiles(temp).Order(StringComparer.Ordinal))
                files[Path.GetFileName(file)] = new FileInfo(file).Length;
            var info = new JsonObject
            {
                ["format"] = Format,
                ["version"] = Version,
                ["step"] = step,
                ["elapsed_seconds"] = elapsedSeconds,
            };
            foreach (var (key, value) in extraInfo ?? [])
                info[key] = value?.DeepClone();
            info["files"] = files;
            info["config"] = config.ToNode();
            File.WriteAllText(Path.Combine(temp, InfoFile), info.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));

            if (Directory.Exists(final))
                Directory.Delete(final, recursive: true); // a resumed run overwriting its own later checkpoint
            Directory.Move(temp, final);
        }
        catch
        {
            try { Directory.Delete(temp, recursive: true); } catch (IOException) { }
            throw;
        }
        AtomicFile.WriteAllText(Path.Combine(checkpointsDir, LatestFile), name + "\n");
        return final;
    }

    /// <summary>Refuses to resume an imported checkpoint (weights only: no optimiser state, no ACT carry).</summary>
    public static void RefuseResumingImported(CheckpointInfo info)
    {
        if (info.ImportedFrom is { } source)
            throw new HrmException($"{info.Name}: imported from {source} (weights only, no optimiser state or ACT carry), so it cannot be resumed; evaluate it, or train a new run");
    }

    private static IEnumerable<KeyValuePair<string, Tensor>> StateTensors(Trainer trainer, ActCarry? carry)
    {
        if (carry is { } c)
        {
            yield return new("carry/z_H", c.ZH);
            yield return new("carry/z_L", c.ZL);
            yield return new("carry/steps", c.Steps);
            yield return new("carry/halted", c.Halted);
            yield return new("carry/inputs", c.CurrentData.Inputs);
            yield return new("carry/labels", c.CurrentData.Labels);
            yield return new("carry/puzzle_identifiers", c.CurrentData.PuzzleIdentifiers);
        }
        yield return new("rng/exploration", trainer.Model.ExplorationRng.get_state());
    }

    /// <summary>Checkpoint folders in step order (oldest first).</summary>
    public static IReadOnlyList<string> List(string checkpointsDir) =>
        Directory.Exists(checkpointsDir)
            ? [.. Directory.EnumerateDirectories(checkpointsDir, Prefix + "*").Where(d => StepOf(d) is not null).OrderBy(d => StepOf(d))]
            : [];

    private static long? StepOf(string folder) =>
        long.TryParse(Path.GetFileName(folder)[Prefix.Length..], out var s) ? s : null;

    /// <summary>The folder checkpoints/latest names, or null when there is no checkpoint yet.</summary>
    public static string? Latest(string checkpointsDir)
    {
        var pointer = Path.Combine(checkpointsDir, LatestFile);
        if (!File.Exists(pointer))
            return null;
        var name = File.ReadAllText(pointer).Trim();
        var folder = Path.Combine(checkpointsDir, name);
        if (name.Length == 0 || name.Contains('/') || name.Contains('\\') || !Directory.Exists(folder))
            throw new HrmException($"{pointer}: names '{name}', which is not a checkpoint folder beside it");
        return folder;
    }

    /// <summary>A checkpoint folder from a run folder (its latest), a checkpoints folder (its latest) or a checkpoint folder itself.</summary>
    public static string Resolve(string path)
    {
        if (File.Exists(Path.Combine(path, InfoFile)))
            return path;
        if (!Directory.Exists(path))
            throw new HrmException($"{path}: no such checkpoint or run folder");
        foreach (var dir in new[] { Path.Combine(path, "checkpoints"), path })
            if (Latest(dir) is { } latest)
                return latest;
        throw new HrmException($"{path}: not a checkpoint (no {InfoFile}) and holds no checkpoints/{LatestFile}");
    }

    /// <summary>Reads and checks trainer.json and the presence and sizes of the files it lists.</summary>
    public static CheckpointInfo ReadInfo(string folder)
    {
        var name = Path.GetFileName(Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar));
        var infoPath = Path.Combine(folder, InfoFile);
        if (!File.Exists(infoPath))
            throw new HrmException($"{name}/{InfoFile}: missing (not a checkpoint folder, or an incomplete one)");
        JsonObject info;
        try
        {
            info = JsonNode.Parse(File.ReadAllText(infoPath)) as JsonObject ?? throw new HrmException($"{name}/{InfoFile}: expected a JSON object");
        }
        catch (JsonException ex)
        {
            throw new HrmException($"{name}/{InfoFile}: not valid JSON ({ex.Message})");
        }
        if (info["format"]?.GetValue<string>() != Format)
            throw new HrmException($"{name}/{InfoFile}: not an HrmSharp checkpoint (format must be \"{Format}\")");
        if (info["version"]?.GetValue<int>() != Version)
            throw new HrmException($"{name}/{InfoFile}: checkpoint version {info["version"]} is not supported (this build reads {Version})");
        long step;
        double elapsed;
        try
        {
            step = info["step"]!.GetValue<long>();
            elapsed = info["elapsed_seconds"]!.GetValue<double>();
        }
        catch (Exception ex) when (ex is NullReferenceException or InvalidOperationException or FormatException)
        {
            throw new HrmException($"{name}/{InfoFile}: step and elapsed_seconds must be numbers");
        }
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
                else if (size is null || new FileInfo(path).Length != size.GetValue<long>())
                    problems.Add($"{name}/{file}: {new FileInfo(path).Length} bytes but the checkpoint wrote {size} (truncated or replaced)");
            }
        }
        var importedFrom = info[ImportedFromKey]?.GetValue<string>();
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
        if (problems.Count > 0) throw new HrmException(problems);
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
        var info = ReadInfo(Resolve(path));
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
                throw new HrmException($"{info.Name}/{OptimizerFile}: {stream.Length - stream.Position} bytes left over after the optimiser state (written for a different model?)");
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
        var carry = RestoreCarry(info, state, trainer);
        var rng = Expect(info, state, "rng/exploration", trainer.Model.ExplorationRng.get_state());
        trainer.Model.ExplorationRng.set_state(rng);
        return new RestoredState(carry, info.Step, info.ElapsedSeconds);
    }

    private static ActCarry? RestoreCarry(CheckpointInfo info, SafetensorsFile state, Trainer trainer)
    {
        if (!state.Contains("carry/z_H"))
            return info.Step == 0 ? null : throw new HrmException($"{info.Name}/{StateFile}: missing tensor 'carry/z_H' (the ACT carry is needed to resume exactly)");
        var m = trainer.Config.Model;
        long b = trainer.Config.BatchSize;
        long[] states = [b, m.TotalSeqLen, m.HiddenSize], rows = [b], tokens = [b, m.SeqLen];
        var device = trainer.Device;
        ActBatch? episodeBatch = null;
        if (trainer.Data.Train is IActBatchSource source)
        {
            // At an episode boundary the next step starts a fresh carry on a new batch (of another shape): the saved
            // carry belongs to the finished episode and is not needed.
            if (info.Step % m.HaltMaxSteps == 0)
                return null;
            // In context the carry's example is always its episode's batch (rows that halt restart on it): rebuild it.
            episodeBatch = source.Batch(trainer.Episode(info.Step), device);
            b = episodeBatch.BatchSize;
            long l = episodeBatch.Inputs.shape[1];
            (states, rows, tokens) = ([b, l + m.PuzzleTokens, m.HiddenSize], [b], [b, l]);
        }
        Tensor Take(string name, long[] shape, ScalarType dtype)
        {
            var t = state[name];
            if (!t.shape.SequenceEqual(shape) || t.dtype != dtype)
                throw new HrmException($"{info.Name}/{StateFile}: tensor '{name}' is {t.dtype} [{string.Join(", ", t.shape)}] but this run expects {dtype} [{string.Join(", ", shape)}]");
            return state.Take(name).to(device, disposeAfter: true).DetachFromDisposeScope();
        }
        var zH = Take("carry/z_H", states, m.ComputeType);
        var zL = Take("carry/z_L", states, m.ComputeType);
        var steps = Take("carry/steps", rows, ScalarType.Int32);
        var halted = Take("carry/halted", rows, ScalarType.Bool);
        if (episodeBatch is not null)
            return new ActCarry(zH, zL, steps, halted, episodeBatch);
        var data = new ActBatch(Take("carry/inputs", tokens, ScalarType.Int32), Take("carry/labels", tokens, ScalarType.Int32),
            Take("carry/puzzle_identifiers", rows, ScalarType.Int32));
        return new ActCarry(zH, zL, steps, halted, data);
    }

    private static Tensor Expect(CheckpointInfo info, SafetensorsFile file, string name, Tensor like)
    {
        if (!file.Contains(name))
            throw new HrmException($"{info.Name}/{StateFile}: missing tensor '{name}'");
        var t = file[name];
        if (!t.shape.SequenceEqual(like.shape) || t.dtype != like.dtype)
            throw new HrmException($"{info.Name}/{StateFile}: tensor '{name}' is {t.dtype} [{string.Join(", ", t.shape)}], expected {like.dtype} [{string.Join(", ", like.shape)}]");
        return t;
    }

    private static SafetensorsFile ReadTensors(CheckpointInfo info, string file)
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

/// <summary>What trainer.json says about a checkpoint.</summary>
/// <param name="PuzzleIds">The identifier table the model was trained with, when the data has puzzle identifiers (ARC).</param>
public sealed record CheckpointInfo(string Folder, string Name, long Step, double ElapsedSeconds, TrainConfig Config, Encoding.PuzzleIdTable? PuzzleIds)
{
    /// <summary>The PyTorch file an imported checkpoint came from (weights only: it cannot be resumed), else null.</summary>
    public string? ImportedFrom { get; init; }
}

/// <summary>The parts of a restored checkpoint the trainer keeps itself.</summary>
public sealed record RestoredState(ActCarry? Carry, long Step, double ElapsedSeconds);
