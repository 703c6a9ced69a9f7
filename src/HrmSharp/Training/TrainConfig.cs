using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using HrmSharp.Modeling;
using HrmSharp.IO;

namespace HrmSharp.Training;

public enum DeviceKind { Cpu, Cuda }

/// <summary>auto = bfloat16 where it is fast (CUDA, or a CPU with AVX-512 BF16/AMX), float32 elsewhere.</summary>
public enum DTypeChoice { Auto, Float32, Bfloat16 }

/// <summary>
/// Everything a training run needs, as plain data: a preset file in configs/ (snake_case JSON, unknown keys are
/// errors), overridden field by field with <c>--set key=value</c>, and saved whole into the run folder and every
/// checkpoint. The model section is a <see cref="ModelConfig"/>; its vocab_size, seq_len and num_puzzle_identifiers
/// are taken from the data, and its forward_dtype from <see cref="DType"/>, when the run starts.
/// </summary>
public sealed record TrainConfig
{
    /// <summary>Free text naming the preset (shown in logs).</summary>
    public string Name { get; init; } = "custom";

    /// <summary>What is trained on and evaluated on, and how it is encoded.</summary>
    public DataConfig Data { get; init; } = new();
    /// <summary>The architecture (the reference config's names).</summary>
    public ModelConfig Model { get; init; } = new();
    /// <summary>Optimiser, learning-rate schedule and their parameter groups.</summary>
    public OptimizerConfig Optimizer { get; init; } = new();
    /// <summary>An averaged copy of the weights for evaluation (TRM uses one).</summary>
    public EmaConfig Ema { get; init; } = new();

    /// <summary>Sequences per optimiser step (the reference's global_batch_size: 768 on ARC).</summary>
    public int BatchSize { get; init; } = 768;

    /// <summary>Step budget (0 = none). Also the length of the cosine decay when lr_min_ratio &lt; 1.</summary>
    public long Steps { get; init; }

    /// <summary>Wall-clock budget in minutes for the whole run, resumed parts included (0 = none).</summary>
    public double Minutes { get; init; }

    /// <summary>Evaluate on held-out data every N steps (0 = only at the end).</summary>
    public long EvalInterval { get; init; }

    /// <summary>Write a checkpoint every N steps (0 = only at the end).</summary>
    public long CheckpointEvery { get; init; }

    /// <summary>Checkpoints kept on disk, newest first (0 = all).</summary>
    public int KeepCheckpoints { get; init; } = 2;

    /// <summary>Write a metrics line every N steps.</summary>
    public long LogEvery { get; init; } = 1;

    /// <summary>Evaluation batch size (0 = <see cref="BatchSize"/>).</summary>
    public int EvalBatchSize { get; init; }

    /// <summary>Seeds the weight init and the ACT exploration draws (data has its own seed).</summary>
    public int Seed { get; init; }

    /// <summary>
    /// A new run starts from another run's weights (a checkpoint folder, or a run folder: its latest checkpoint) instead of
    /// a random init: the second stage of a curriculum (generated tasks first, then ARC). Weights only: the optimiser,
    /// the schedule and the step count start fresh, and the model settings must build the same tensors. Ignored on resume
    /// (the run's own checkpoint holds the weights by then).
    /// </summary>
    public string? InitFrom { get; init; }

    /// <summary>cpu, or cuda where libtorch has a GPU (the same code runs on both).</summary>
    public DeviceKind Device { get; init; } = DeviceKind.Cpu;
    /// <summary>Compute precision; auto picks bfloat16 only where it is faster than float32 here.</summary>
    [JsonPropertyName("dtype")] public DTypeChoice DType { get; init; } = DTypeChoice.Auto;

    /// <summary>Intra-op threads for torch (0 = OMP_NUM_THREADS when set, else one per core).</summary>
    public int Threads { get; init; }

    /// <summary>
    /// Row slices of each training batch run at once on threads of their own, the intra-op threads divided between them
    /// (see <see cref="BatchStreams"/>): 1 = off, 2 = two half batches, 0 = auto (two on a CPU with two or more threads).
    /// </summary>
    public int Streams { get; init; }

    /// <summary>Whether a run at <paramref name="step"/> after <paramref name="elapsedSeconds"/> has used its budget.</summary>
    public bool BudgetReached(long step, double elapsedSeconds) =>
        (Steps > 0 && step >= Steps) || (Minutes > 0 && elapsedSeconds >= Minutes * 60);

    public IReadOnlyList<string> Problems()
    {
        var p = new List<string>();
        p.AddRange(Data.Problems());
        p.AddRange(Model.Problems().Select(m => "model." + m));
        p.AddRange(Optimizer.Problems());
        p.AddRange(Ema.Problems());
        if (BatchSize < 1) p.Add($"batch_size must be at least 1, got {BatchSize}");
        if (Steps < 0) p.Add($"steps must not be negative, got {Steps}");
        if (!(Minutes >= 0)) p.Add($"minutes must not be negative, got {Minutes}");
        if (Steps == 0 && Minutes == 0) p.Add("set a budget: steps or minutes (e.g. --steps 1000 or --minutes 10)");
        if (Optimizer.LrMinRatio < 1 && Steps == 0 && Minutes == 0)
            p.Add($"optimizer.lr_min_ratio {Optimizer.LrMinRatio} decays the rate over the budget: set steps or minutes");
        if (EvalInterval < 0) p.Add($"eval_interval must not be negative, got {EvalInterval}");
        if (CheckpointEvery < 0) p.Add($"checkpoint_every must not be negative, got {CheckpointEvery}");
        if (KeepCheckpoints < 0) p.Add($"keep_checkpoints must not be negative, got {KeepCheckpoints}");
        if (LogEvery < 1) p.Add($"log_every must be at least 1, got {LogEvery}");
        if (EvalBatchSize < 0) p.Add($"eval_batch_size must not be negative, got {EvalBatchSize}");
        if (Threads < 0) p.Add($"threads must not be negative, got {Threads}");
        if (Streams is < 0 or > 2) p.Add($"streams must be 0 (auto), 1 or 2, got {Streams}");
        if (Data.PairedFrameShuffle > 0 && Model.PairedColours is not (Modeling.PairedColours.Dihedral or Modeling.PairedColours.Mapped or Modeling.PairedColours.Translated))
            p.Add("data.paired_frame_shuffle reorders the 8 symmetries' paired colours: it needs model.paired_colours dihedral, mapped or translated");
        if (InitFrom is { Length: 0 }) p.Add("init_from must name a checkpoint or run folder (or be left out)");
        return p;
    }

    public TrainConfig Validate()
    {
        HrmException.ThrowIfAny(Problems());
        return this;
    }

    public static readonly JsonSerializerOptions JsonOptions = CreateJsonOptions();

    private static JsonSerializerOptions CreateJsonOptions()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            WriteIndented = true,
            // Doubles round-trip exactly; "1e-4" in a preset stays 0.0001.
            NumberHandling = JsonNumberHandling.Strict,
        };
        foreach (var c in ModelConfig.JsonOptions.Converters)
            options.Converters.Add(c);
        options.Converters.Add(new SnakeCaseEnumConverter<DataKind>());
        options.Converters.Add(new SnakeCaseEnumConverter<Conditioning>());
        options.Converters.Add(new SnakeCaseEnumConverter<Encoding.Context.ContextLayout>());
        options.Converters.Add(new SnakeCaseEnumConverter<AnswerSize>());
        options.Converters.Add(new SnakeCaseEnumConverter<DeviceKind>());
        options.Converters.Add(new SnakeCaseEnumConverter<DTypeChoice>());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// <summary>Parses (without validating) a config; <paramref name="source"/> names the file in error messages.</summary>
    public static TrainConfig Parse(string json, string source) => FromNode(ParseNode(json, source), source);

    public static JsonObject ParseNode(string json, string source) =>
        JsonInput.ParseObject(json, source, options: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });

    public static TrainConfig FromNode(JsonObject node, string source)
    {
        try
        {
            return node.Deserialize<TrainConfig>(JsonOptions) ?? throw new HrmException($"{source}: expected a JSON object");
        }
        catch (JsonException ex)
        {
            throw new HrmException(JsonInput.InvalidValue(source, ex));
        }
    }

    /// <summary>Reads a config file (not validated: overrides may still fix it).</summary>
    public static TrainConfig Load(string path) =>
        File.Exists(path) ? Parse(File.ReadAllText(path), System.IO.Path.GetFileName(path)) : throw new HrmException($"{path}: config file not found");

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    public JsonObject ToNode() => JsonSerializer.SerializeToNode(this, JsonOptions)!.AsObject();
}
