using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using HrmSharp.Encoding;
using HrmSharp.IO;
using HrmSharp.Modeling;
using static TorchSharp.torch;

namespace HrmSharp.Training;

/// <summary>
/// Turns a checkpoint written by the official HRM or TRM training scripts (<c>torch.save(model.state_dict())</c> of the
/// torch.compile'd ACTLossHead, or a safetensors export, with the run's <c>all_config.yaml</c> beside it) into an
/// HrmSharp run folder: config.json and checkpoints/checkpoint-&lt;step&gt;/ with model.safetensors and trainer.json.
/// Every command that reads a run (eval, solve, report, export) reads it; it cannot be resumed (no optimiser state).
/// The weights are loaded strictly into a model built from the config, so a missing, extra or misshaped tensor is
/// caught here, not at evaluation.
/// </summary>
public static partial class CheckpointImport
{
    /// <summary>What to import.</summary>
    /// <param name="Checkpoint">The PyTorch checkpoint file (zip) or a safetensors file.</param>
    /// <param name="Config">The run's all_config.yaml (null: the one beside <paramref name="Checkpoint"/>).</param>
    /// <param name="SeqLen">Tokens per example without the puzzle positions (null: the reference dataset's dataset.json under the config's data_path, when present).</param>
    /// <param name="Out">The run folder to create.</param>
    /// <param name="Identifiers">The reference builder's identifiers.json, which names each puzzle-embedding row (null: the one under
    /// the config's data_path, when present).</param>
    public sealed record Request(string Checkpoint, string? Config, int? SeqLen, string Out, string? Identifiers = null);

    /// <summary>What was written.</summary>
    /// <param name="PuzzleIds">The identifier table saved with the checkpoint (null when the model has puzzle rows but none was found).</param>
    public sealed record Result(string CheckpointFolder, TrainConfig Config, int Tensors, long Step, PuzzleIdTable? PuzzleIds);

    public static Result Run(Request request)
    {
        var file = Path.GetFileName(request.Checkpoint);
        if (!File.Exists(request.Checkpoint))
            throw new HrmException($"{request.Checkpoint}: file not found");
        var configPath = request.Config ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(request.Checkpoint))!, "all_config.yaml");
        if (!File.Exists(configPath))
            throw new HrmException($"{configPath}: not found (the official scripts write all_config.yaml beside each checkpoint; name it with --config)");
        var run = new RunFolder(request.Out);
        if (Directory.Exists(run.CheckpointsDir) || File.Exists(run.ConfigPath))
            throw new HrmException($"{request.Out}: already holds a run; import into a new folder");

        using var weights = PyTorchFile.Detect(request.Checkpoint) == PyTorchFile.Kind.Safetensors
            ? Safetensors.Read(request.Checkpoint)
            : PyTorchFile.Read(request.Checkpoint);
        var byName = Unwrapped(weights.Tensors, file);

        int vocab = Rows(byName, "inner.embed_tokens.embedding_weight", file)
            ?? throw new HrmException($"{file}: no tensor 'inner.embed_tokens.embedding_weight': not an HRM/TRM state dict");
        int puzzles = Rows(byName, "inner.puzzle_emb.weights", file) ?? 1;
        var reference = ReferenceArchConfig.Load(configPath);
        int seqLen = request.SeqLen ?? SeqLenFromDataset(reference.DataPath, configPath)
            ?? throw new HrmException($"{file}: the sequence length is not stored in a checkpoint, and " +
                (reference.DataPath is null ? $"{Path.GetFileName(configPath)} names no data_path"
                    : $"the dataset {Path.GetFileName(configPath)} names ({reference.DataPath}) is not here") +
                ": give --seq-len (900 for ARC and 30×30 mazes, 81 for Sudoku)");
        var modelConfig = reference.Model(vocab, seqLen, puzzles);
        var identifiersPath = request.Identifiers ?? (DataFolder(reference.DataPath, configPath) is { } data && File.Exists(Path.Combine(data, ReferenceIdentifiers.FileName))
            ? Path.Combine(data, ReferenceIdentifiers.FileName) : null);
        var ids = puzzles > 1 && identifiersPath is not null ? ReferenceIdentifiers.Read(identifiersPath) : null;
        if (ids is not null && ids.Count != puzzles)
            throw new HrmException($"{Path.GetFileName(identifiersPath)}: names {ids.Count} puzzle identifiers but {file}'s puzzle embedding has {puzzles} rows " +
                                   "(a different dataset build?)");

        var config = new TrainConfig
        {
            Name = $"imported {file}",
            Seed = reference.Seed,
            Model = modelConfig,
            Data = new DataConfig { Kind = KindFor(vocab), Augment = false },
            Steps = 1,
            DType = modelConfig.ForwardDtype == ForwardDType.Float32 ? DTypeChoice.Float32 : DTypeChoice.Auto,
        }; // the model config is validated; the data section only records the kind (eval takes --data)

        using var model = new ActModel(config.Model, (ulong)config.Seed);
        ModelWeights.Load(model, byName, file);

        long step = StepOf(file);
        var final = CheckpointFolders.Write(run.CheckpointsDir, step, 0, config,
            new JsonObject { [Checkpoint.ImportedFromKey] = Path.GetFullPath(request.Checkpoint) }, temp =>
            {
                ModelWeights.SaveFile(model, Path.Combine(temp, Checkpoint.ModelFile));
                File.Copy(configPath, Path.Combine(temp, "all_config.yaml"));
                ids?.Write(Path.Combine(temp, Checkpoint.PuzzleIdsFile));
            });
        AtomicFile.WriteAllText(run.ConfigPath, config.ToNode().ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return new Result(final, config, byName.Count, step, ids);
    }

    /// <summary>Names without the wrappers the reference's training adds (see <see cref="ModelWeights.WithoutWrappers"/>).</summary>
    private static Dictionary<string, Tensor> Unwrapped(IReadOnlyDictionary<string, Tensor> tensors, string file)
    {
        var result = new Dictionary<string, Tensor>();
        foreach (var (raw, tensor) in tensors)
            if (!result.TryAdd(ModelWeights.WithoutWrappers(raw), tensor))
                throw new HrmException($"{file}: '{raw}' names the same tensor as another entry once the wrapper prefixes are removed");
        return result;
    }

    private static int? Rows(Dictionary<string, Tensor> byName, string name, string file)
    {
        if (!byName.TryGetValue(name, out var t))
            return null;
        if (t.dim() != 2)
            throw new HrmException($"{file}: tensor '{name}' has shape [{string.Join(", ", t.shape)}], expected [rows, width]");
        return (int)t.shape[0];
    }

    /// <summary>The config's data_path, relative paths taken from the config's folder.</summary>
    private static string? DataFolder(string? dataPath, string configPath) =>
        dataPath is null ? null
        : Path.IsPathRooted(dataPath) ? dataPath
        : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(configPath))!, dataPath);

    /// <summary>The reference dataset builder writes seq_len into {data_path}/train/dataset.json.</summary>
    private static int? SeqLenFromDataset(string? dataPath, string configPath)
    {
        if (DataFolder(dataPath, configPath) is not { } folder)
            return null;
        dataPath = folder;
        foreach (var split in new[] { "train", "test" })
        {
            var meta = Path.Combine(dataPath, split, "dataset.json");
            if (!File.Exists(meta)) continue;
            try
            {
                if (JsonNode.Parse(File.ReadAllText(meta))?["seq_len"]?.GetValue<int>() is { } n)
                    return n;
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
            {
                throw new HrmException($"{meta}: seq_len is not readable ({ex.Message})");
            }
        }
        return null;
    }

    // The reference's vocabularies: ARC PAD, EOS, 10 colours; Sudoku PAD + digits 0-9; mazes PAD + "# SGo".
    private static DataKind KindFor(int vocab) => vocab switch
    {
        11 => DataKind.Sudoku,
        6 => DataKind.Maze,
        _ => DataKind.Arc,
    };

    /// <summary>The reference names checkpoints step_N.</summary>
    private static long StepOf(string file) =>
        StepPattern().Match(file) is { Success: true } m && long.TryParse(m.Groups[1].Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) ? s : 0;

    [GeneratedRegex(@"step_(\d+)")]
    private static partial Regex StepPattern();
}
