using System.Text.Json;
using System.Text.Json.Serialization;
using static TorchSharp.torch;
using HrmSharp.IO;

namespace HrmSharp.Modeling;

/// <summary>Which cycle loop runs inside the ACT loop.</summary>
public enum CoreKind { Hrm, Trm, Transformer }

/// <summary>
/// Rope: rotary over the 1D index (HRM: the flattened 30×30 canvas; in context: the index within each sequence);
/// rope2d: half of each head's rotary pairs turn by row, half by column (context only); learned: a table added to the
/// input; none: no positions (TRM mlp_t).
/// </summary>
public enum PosEncoding { Rope, Rope2d, Learned, None }

/// <summary>
/// What tells the model which task it is solving. puzzle_id: HRM's learned per-(task, augmentation) embedding, one grid
/// per sequence; context: the whole task (demos + query) in the sequence, no identifiers, so unseen tasks can be solved.
/// </summary>
public enum Conditioning { PuzzleId, Context }

/// <summary>Initial values of the in-context absolute-feature tables (see <see cref="ModelConfig.AbsFeaturesInit"/>).</summary>
public enum AbsFeaturesInit { Normal, Zero }

public enum ForwardDType { Float32, Bfloat16 }

public enum LossType { StablemaxCrossEntropy, SoftmaxCrossEntropy }

/// <summary>Where a block normalises: post (the reference's, gain-free, after each residual add) or pre (learnable gains before each sublayer, a final norm per stack).</summary>
public enum NormPlacement { Post, Pre }

/// <summary>
/// In-context rope2d only. none: every token turns by its own (row, column). dihedral: attention head h reads output
/// grids (demo outputs, the answer canvas) through the h-th of the 8 symmetries of their paired input grid (identity,
/// flips, rotations, transposes), so in that head an output cell sits at the rotary position of the input cell it
/// would come from under that symmetry, and a rule like "mirror the input" is one aligned attention hop instead of
/// something the model must infer from absolute positions. Input grids keep their own positions in every head.
/// </summary>
public enum RopeFrames { None, Dihedral }

/// <summary>
/// In-context only: what each output-grid cell (demo outputs, the answer canvas) is told of its paired input grid.
/// none: nothing. same: the input's colour at the same (row, column), or "none" off the input. dihedral: that colour
/// under each of the 8 symmetries of the input (the order of <see cref="RopeFrames.Dihedral"/>). Copy-through rules
/// (colour maps, swaps, gravity, outlines) then need no attention hop to find their source cell, and a mirror's source
/// colour is already on the cell: what is left to learn from the demos is which of them the task uses. mapped: the 8
/// symmetries and 6 maps that depend on the output's size (a demo output's own, the canvas's implied by the demos):
/// the input scaled to the output's size, anchored at the far corner, and tiled over it plain or mirrored, so answers
/// of another size (scalings, tilings, grids of copies, one part of a split input) have their sources on the cell too.
/// translated: those 14 and the input translated by the offset the demos agree with best (|offset| ≤ 3 per axis),
/// wrapping around the edges and clipped: a shift is one map per offset, so its source must be found from the demos.
/// </summary>
public enum PairedColours { None, Same, Dihedral, Mapped, Translated }

/// <summary>
/// How attention is computed. auto (default): matmul for bf16 on a CPU, where the fused kernel is the step's bottleneck,
/// fused everywhere else (fp32, CUDA); on a CPU with AVX-512 BF16, bf16 heads wider than 32 use HrmSharp's own fused
/// kernel instead (FusedCpuAttention: fp32 scores, faster than matmul, forward and backward) when it was built.
/// fused: libtorch's scaled_dot_product_attention, scores in fp32 like FlashAttention. matmul: always written out as two
/// matmuls and a softmax in the compute dtype, so in bf16 the scores are rounded to bf16 (as the official HRM code does on
/// a CPU); on an AVX-512 BF16 CPU about 2.5x faster than fused, at several times its error when attention is sharp
/// (docs/BENCHMARKS.md).
/// </summary>
public enum AttentionKernel { Auto, Fused, Matmul }

/// <summary>
/// Architecture of a recursive reasoning model. JSON names are the reference config's (sapientinc/HRM arch config,
/// TRM's extras), so a reference config reads as is; unknown keys and unknown option values are errors.
/// Defaults are HRM's published ARC configuration.
/// </summary>
public sealed record ModelConfig
{
    /// <summary>The reasoning core inside the ACT loop: hrm (H/L modules), trm (one recursed network) or transformer (plain blocks).</summary>
    [JsonPropertyName("core")] public CoreKind Core { get; init; } = CoreKind.Hrm;
    /// <summary>puzzle_id: a learned embedding per task in front of the grid; context: the task's demos in the sequence.</summary>
    [JsonPropertyName("conditioning")] public Conditioning Conditioning { get; init; } = Conditioning.PuzzleId;
    /// <summary>Context only: learned embeddings of each cell's absolute row/column, distance to its grid's far edges and
    /// its grid's size. Rotary positions are relative, but mirror/rotation/shift rules need absolute place and size. Off by
    /// default: at CPU budgets they slowed learning (the size and edge tables most; docs/RESULTS.md).</summary>
    [JsonPropertyName("abs_features")] public bool AbsFeatures { get; init; }
    /// <summary>How the absolute-feature tables start: "normal" (like every embedding) or "zero" (the model starts as
    /// without them, and the features grow in only as far as the loss asks for them).</summary>
    [JsonPropertyName("abs_features_init")] public AbsFeaturesInit AbsFeaturesInit { get; init; } = AbsFeaturesInit.Normal;
    /// <summary>Effective learning-rate factor of the absolute-feature tables (0 &lt; f ≤ 1): they are stored 1/f times larger and
    /// read times f, which under Adam-type optimisers (steps of ~lr whatever the gradient's size) divides their steps by 1/f.</summary>
    [JsonPropertyName("abs_features_lr_scale")] public double AbsFeaturesLrScale { get; init; } = 1;
    /// <summary>Which absolute tables (comma list of row, col, to_bottom, to_right, height, width); all by default.</summary>
    [JsonPropertyName("abs_features_tables")] public string AbsFeaturesTables { get; init; } = string.Join(",", AllAbsFeatureTables);

    public static readonly IReadOnlyList<string> AllAbsFeatureTables = ["row", "col", "to_bottom", "to_right", "height", "width"];

    /// <summary><see cref="AbsFeaturesTables"/> parsed (trimmed, lower case, empty entries dropped).</summary>
    public IReadOnlyList<string> AbsFeatureTables() =>
        AbsFeaturesTables.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(t => t.ToLowerInvariant()).ToList();

    // Transformer blocks.
    /// <summary>Width of every token's state (HRM on ARC: 512; CPU presets 64–128).</summary>
    [JsonPropertyName("hidden_size")] public int HiddenSize { get; init; } = 512;
    /// <summary>Attention heads; hidden_size / num_heads is the head width (32 or 64 are the fast ones here).</summary>
    [JsonPropertyName("num_heads")] public int NumHeads { get; init; } = 8;
    /// <summary>SwiGLU width factor before the 2/3 and round-up-to-256 rule.</summary>
    [JsonPropertyName("expansion")] public double Expansion { get; init; } = 4;
    /// <summary>rope (rotary over the 1D index, the reference's), rope2d (by row and column, in context) or learned.</summary>
    [JsonPropertyName("pos_encodings")] public PosEncoding PosEncodings { get; init; } = PosEncoding.Rope;
    /// <summary>Rotary base: the longest wavelength; 10000 covers sequences far longer than 30×30 grids.</summary>
    [JsonPropertyName("rope_theta")] public double RopeTheta { get; init; } = 10000;
    /// <summary>See <see cref="Modeling.RopeFrames"/>: per-head dihedral frames for output grids (needs rope2d, context).</summary>
    [JsonPropertyName("rope_frames")] public RopeFrames RopeFrames { get; init; } = RopeFrames.None;
    /// <summary>In-context rope2d: 0 (default) restarts rows and columns at 0 in every grid, so every grid's cell (r, c) sits
    /// at the same rotary position; N &gt; 0 moves the k-th (input, output) pair of grids, counted back from the query, by
    /// k·N along both axes, so a demo output's cells are near their own input's and far from other demos' (the lowest
    /// rotary frequencies, otherwise idle on grids of at most 30 cells, tell the pairs apart).</summary>
    [JsonPropertyName("rope_pair_offset")] public int RopePairOffset { get; init; }
    /// <summary>See <see cref="Modeling.PairedColours"/>: output cells embed their paired input's colour at the same place
    /// (same), at the 8 symmetric places (dihedral), those and 6 size-dependent maps (mapped), and 2 translations
    /// (translated); none by default.</summary>
    [JsonPropertyName("paired_colours")] public PairedColours PairedColours { get; init; } = PairedColours.None;
    /// <summary>With paired_colours: demo-output cells also embed, per symmetry, whether their own colour equals that
    /// symmetry's paired colour (one agree/differ table per symmetry). A copy or mirror rule is then read from the demos by
    /// pooling these bits instead of first learning colour equality for each symmetry; off by default.</summary>
    [JsonPropertyName("paired_agreement")] public bool PairedAgreement { get; init; }
    /// <summary>In context: every cell embeds what object it is part of (size rank from the largest and the smallest,
    /// boundary or inside, touching the grid's border; Encoding.Context.ObjectFeatures), output cells those of their
    /// paired input cell, so object rules need no search for the objects first; off by default.</summary>
    [JsonPropertyName("object_features")] public bool ObjectFeatures { get; init; }
    /// <summary>In context: canvas cells embed whether they lie inside the answer size the demos imply (simple size
    /// relations, Encoding.Context.AnswerSize), beyond it, or that no relation holds; the size is then read rather than
    /// computed from the demos' sizes; off by default.</summary>
    [JsonPropertyName("size_hint")] public bool SizeHint { get; init; }
    /// <summary>With paired_colours: canvas cells also embed, for every map, its candidate colour (the paired colour
    /// passed through the colour substitution that best fits the demos under that map) together with how many of the
    /// demo-output cells it gets right, through one table shared by all maps (Encoding.Context.ColourSubstitution).
    /// "Take the candidate the demos agree with" is then one rule for every map and colour change, ones no training task
    /// used included, instead of one learned per map; off by default.</summary>
    [JsonPropertyName("map_candidates")] public bool MapCandidates { get; init; }
    /// <summary>post: the reference's gain-free post-norm; pre: pre-norm with learnable gains (trains more easily from scratch in context).</summary>
    [JsonPropertyName("norm")] public NormPlacement Norm { get; init; } = NormPlacement.Post;
    /// <summary>Start each block's output projections at 1/√(2·blocks per segment) of their init (GPT-2), so early training
    /// is dominated by the input embedding rather than by random block outputs. Off in the reference.</summary>
    [JsonPropertyName("scaled_residual_init")] public bool ScaledResidualInit { get; init; }
    /// <summary>Scale of the fixed initial states H_init/L_init (1 = the reference's unit truncated normal; 0 = zero
    /// states). At 1 they are a constant vector as loud as the input embedding, added at every position.</summary>
    [JsonPropertyName("state_init_scale")] public double StateInitScale { get; init; } = 1;
    /// <summary>true (the reference's): only the last cycle's updates carry gradient ("1-step gradient"); false: gradient
    /// flows through every cycle of the segment (more memory and time, the exact gradient of the segment).</summary>
    [JsonPropertyName("one_step_gradient")] public bool OneStepGradient { get; init; } = true;
    /// <summary>RMSNorm's epsilon (the reference's 1e-5).</summary>
    [JsonPropertyName("rms_norm_eps")] public double RmsNormEps { get; init; } = 1e-5;
    /// <summary>TRM's attention-free variant: blocks mix positions with a SwiGLU over the sequence axis (Sudoku).</summary>
    [JsonPropertyName("mlp_t")] public bool MlpT { get; init; }

    // Recursion. HRM: H_layers/L_layers blocks in H/L, H_cycles × L_cycles per segment. TRM: one L_level network,
    // H_cycles cycles of L_cycles latent updates then one answer update (H_layers unused).
    /// <summary>Blocks in the slow, high-level module (transformer core: H_layers + L_layers blocks in one stack).</summary>
    [JsonPropertyName("H_layers")] public int HLayers { get; init; } = 4;
    /// <summary>Blocks in the fast, low-level module (TRM: its one network's blocks).</summary>
    [JsonPropertyName("L_layers")] public int LLayers { get; init; } = 4;
    /// <summary>High-level updates per segment: depth of reasoning per forward without more parameters.</summary>
    [JsonPropertyName("H_cycles")] public int HCycles { get; init; } = 2;
    /// <summary>Low-level updates per high-level update.</summary>
    [JsonPropertyName("L_cycles")] public int LCycles { get; init; } = 2;

    // ACT outer loop.
    /// <summary>Segments (ACT steps) per example; evaluation always runs all of them.</summary>
    [JsonPropertyName("halt_max_steps")] public int HaltMaxSteps { get; init; } = 16;
    /// <summary>In training, the chance that a sequence gets a random minimum of 2..max steps (Q-learning exploration).</summary>
    [JsonPropertyName("halt_exploration_prob")] public double HaltExplorationProb { get; init; } = 0.1;
    /// <summary>TRM: halt when q_halt &gt; 0 and train no continue target; HRM (false): halt when q_halt &gt; q_continue, bootstrapped target.</summary>
    [JsonPropertyName("no_ACT_continue")] public bool NoActContinue { get; init; }
    /// <summary>
    /// false: training never halts early (no Q decision, no exploration): every example runs halt_max_steps segments, as
    /// in the ARC Prize "fixed 16 steps" ablation. q_halt is still trained (evaluation ranks ARC candidates by it); the
    /// q_continue target is skipped, since it only serves the halting decision and costs an extra forward.
    /// </summary>
    [JsonPropertyName("act_halting")] public bool ActHalting { get; init; } = true;

    // Data.
    /// <summary>Token ids (taken from the data when a run starts).</summary>
    [JsonPropertyName("vocab_size")] public int VocabSize { get; init; } = 12;
    /// <summary>puzzle_id: the fixed sequence length. context: the longest sequence (learned positions' table size); batches vary.</summary>
    [JsonPropertyName("seq_len")] public int SeqLen { get; init; } = 900;
    /// <summary>Width of the per-puzzle embedding; 0 = no puzzle identifiers (in-context conditioning).</summary>
    [JsonPropertyName("puzzle_emb_ndim")] public int PuzzleEmbNdim { get; init; } = 512;
    /// <summary>Rows of the puzzle-embedding table (taken from the data when a run starts; row 0 is the blank).</summary>
    [JsonPropertyName("num_puzzle_identifiers")] public int NumPuzzleIdentifiers { get; init; } = 1;
    /// <summary>Puzzle-embedding positions in front of the tokens; 0 = ceil(puzzle_emb_ndim / hidden_size) (HRM), TRM uses 16.</summary>
    [JsonPropertyName("puzzle_emb_len")] public int PuzzleEmbLen { get; init; }

    // Precision and loss.
    /// <summary>Compute dtype; parameters stay fp32, norms, RoPE and q-logits run in fp32.</summary>
    [JsonPropertyName("forward_dtype")] public ForwardDType ForwardDtype { get; init; } = ForwardDType.Bfloat16;
    /// <summary>stablemax_cross_entropy (the reference's, for HRM's numerics) or softmax_cross_entropy (learns faster in context).</summary>
    [JsonPropertyName("loss_type")] public LossType LossType { get; init; } = LossType.StablemaxCrossEntropy;
    /// <summary>How attention is computed (auto: the fastest measured path for the dtype and head width on this machine).</summary>
    [JsonPropertyName("attention")] public AttentionKernel Attention { get; init; } = AttentionKernel.Auto;

    /// <summary>Puzzle positions actually prepended.</summary>
    [JsonIgnore]
    public int PuzzleTokens => PuzzleEmbNdim == 0 ? 0 : PuzzleEmbLen != 0 ? PuzzleEmbLen : (PuzzleEmbNdim + HiddenSize - 1) / HiddenSize;

    /// <summary>Positions the reasoning states cover: puzzle tokens then the sequence.</summary>
    [JsonIgnore] public int TotalSeqLen => SeqLen + PuzzleTokens;

    [JsonIgnore] public int HeadDim => HiddenSize / NumHeads;

    /// <summary>Transformer blocks one segment's networks hold (HRM and the plain transformer: H + L; TRM: its one L network).</summary>
    [JsonIgnore] public int BlocksPerSegment => Core == CoreKind.Trm ? LLayers : HLayers + LLayers;

    /// <summary>
    /// The longest in-context sequence the model can take: seq_len with learned positions (a table of that size), none
    /// with rotary positions (built per token from row/column or index). Null in puzzle_id mode (fixed length).
    /// </summary>
    [JsonIgnore]
    public int? ContextLengthLimit => Conditioning == Conditioning.Context && PosEncodings == PosEncoding.Learned ? SeqLen : null;

    [JsonIgnore] public ScalarType ComputeType => ForwardDtype == ForwardDType.Bfloat16 ? ScalarType.BFloat16 : ScalarType.Float32;

    /// <summary>Every problem with the values, one line each (empty when valid).</summary>
    public IReadOnlyList<string> Problems()
    {
        var p = new List<string>();
        void Need(bool ok, string message) { if (!ok) p.Add(message); }
        Need(HiddenSize > 0, $"hidden_size must be positive, got {HiddenSize}");
        Need(NumHeads > 0 && HiddenSize % Math.Max(NumHeads, 1) == 0, $"hidden_size {HiddenSize} must be a multiple of num_heads {NumHeads}");
        Need(PosEncodings != PosEncoding.Rope || NumHeads <= 0 || HiddenSize % NumHeads != 0 || HeadDim % 2 == 0, $"rope needs an even head dim, got {HeadDim}");
        Need(PosEncodings != PosEncoding.Rope2d || NumHeads <= 0 || HiddenSize % NumHeads != 0 || HeadDim % 4 == 0,
            $"rope2d needs a head dim that is a multiple of 4, got {HeadDim}");
        Need(AbsFeatureTables().All(AllAbsFeatureTables.Contains),
            $"abs_features_tables has unknown names in '{AbsFeaturesTables}' (known: {string.Join(", ", AllAbsFeatureTables)})");
        Need(!AbsFeatures || AbsFeatureTables().Count > 0, "abs_features_tables is empty; set abs_features false to drop them all");
        Need(AbsFeaturesLrScale is > 0 and <= 1, $"abs_features_lr_scale must be in (0, 1], got {AbsFeaturesLrScale}");
        Need(PosEncodings != PosEncoding.Rope2d || Conditioning == Conditioning.Context,
            "pos_encodings rope2d needs conditioning context (puzzle_id sequences are flattened 30x30 canvases)");
        Need(Conditioning != Conditioning.Context || PuzzleEmbNdim == 0, $"conditioning context uses no puzzle identifiers: set puzzle_emb_ndim to 0 (got {PuzzleEmbNdim})");
        Need(Conditioning != Conditioning.Context || !MlpT, "mlp_t mixes a fixed-length sequence; it cannot run on in-context sequences of varying length");
        Need(RopeFrames == RopeFrames.None || (PosEncodings == PosEncoding.Rope2d && Conditioning == Conditioning.Context),
            "rope_frames dihedral turns output grids' 2D rotary positions: it needs pos_encodings rope2d and conditioning context");
        Need(RopePairOffset == 0 || (PosEncodings == PosEncoding.Rope2d && Conditioning == Conditioning.Context),
            "rope_pair_offset moves in-context grids' 2D rotary positions: it needs pos_encodings rope2d and conditioning context");
        Need(PairedColours == PairedColours.None || Conditioning == Conditioning.Context,
            "paired_colours tells output grids their paired input's colours: it needs conditioning context");
        Need(!SizeHint || Conditioning == Conditioning.Context,
            "size_hint tells the in-context answer canvas the size its demos imply: it needs conditioning context");
        Need(!ObjectFeatures || Conditioning == Conditioning.Context,
            "object_features tells in-context grid cells their objects: it needs conditioning context");
        Need(!MapCandidates || PairedColours != PairedColours.None,
            "map_candidates weighs the paired colours by their agreement with the demos: it needs paired_colours same, dihedral or mapped");
        Need(!PairedAgreement || PairedColours != PairedColours.None,
            "paired_agreement compares demo outputs with their paired colours: it needs paired_colours same, dihedral or mapped");
        Need(RopePairOffset >= 0, $"rope_pair_offset must not be negative, got {RopePairOffset}");
        Need(Norm == NormPlacement.Post || !MlpT, "norm pre is not defined for the mlp_t variant");
        Need(StateInitScale >= 0, $"state_init_scale must not be negative, got {StateInitScale}");
        Need(Expansion > 0, $"expansion must be positive, got {Expansion}");
        Need(RopeTheta > 0, $"rope_theta must be positive, got {RopeTheta}");
        Need(RmsNormEps > 0, $"rms_norm_eps must be positive, got {RmsNormEps}");
        Need(LLayers >= 1, $"L_layers must be at least 1, got {LLayers}");
        Need(Core != CoreKind.Hrm || HLayers >= 1, $"H_layers must be at least 1 for the hrm core, got {HLayers}");
        Need(HLayers >= 0, $"H_layers must not be negative, got {HLayers}");
        Need(HCycles >= 1, $"H_cycles must be at least 1, got {HCycles}");
        Need(LCycles >= 1, $"L_cycles must be at least 1, got {LCycles}");
        Need(HaltMaxSteps >= 1, $"halt_max_steps must be at least 1, got {HaltMaxSteps}");
        Need(HaltExplorationProb is >= 0 and <= 1, $"halt_exploration_prob must be in [0, 1], got {HaltExplorationProb}");
        Need(VocabSize >= 2, $"vocab_size must be at least 2, got {VocabSize}");
        Need(SeqLen >= 1, $"seq_len must be at least 1, got {SeqLen}");
        Need(PuzzleEmbNdim >= 0, $"puzzle_emb_ndim must not be negative, got {PuzzleEmbNdim}");
        Need(PuzzleEmbLen >= 0, $"puzzle_emb_len must not be negative, got {PuzzleEmbLen}");
        Need(PuzzleEmbNdim == 0 || (long)PuzzleTokens * HiddenSize >= PuzzleEmbNdim,
            $"puzzle_emb_len {PuzzleEmbLen} x hidden_size {HiddenSize} cannot hold puzzle_emb_ndim {PuzzleEmbNdim}");
        Need(PuzzleEmbNdim == 0 || NumPuzzleIdentifiers >= 1, $"num_puzzle_identifiers must be at least 1, got {NumPuzzleIdentifiers}");
        return p;
    }

    /// <summary>Throws an <see cref="HrmException"/> listing every problem.</summary>
    public ModelConfig Validate()
    {
        HrmException.ThrowIfAny(Problems());
        return this;
    }

    public static readonly JsonSerializerOptions JsonOptions = CreateJsonOptions();

    private static JsonSerializerOptions CreateJsonOptions()
    {
        var options = new JsonSerializerOptions
        {
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            WriteIndented = true,
            Converters =
            {
                new SnakeCaseEnumConverter<CoreKind>(), new SnakeCaseEnumConverter<Conditioning>(), new SnakeCaseEnumConverter<PosEncoding>(),
                new SnakeCaseEnumConverter<ForwardDType>(), new SnakeCaseEnumConverter<LossType>(), new SnakeCaseEnumConverter<AttentionKernel>(),
                new SnakeCaseEnumConverter<AbsFeaturesInit>(), new SnakeCaseEnumConverter<NormPlacement>(), new SnakeCaseEnumConverter<RopeFrames>(),
                new SnakeCaseEnumConverter<PairedColours>(),
            },
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// <summary>Parses and validates a config; <paramref name="source"/> names the file in error messages.</summary>
    public static ModelConfig FromJson(string json, string source = "model config")
    {
        ModelConfig? config;
        try
        {
            config = JsonSerializer.Deserialize<ModelConfig>(json, JsonOptions);
        }
        catch (JsonException ex)
        {
            throw new HrmException(JsonInput.InvalidValue(source, ex));
        }
        if (config is null)
            throw new HrmException($"{source}: expected a JSON object");
        var problems = config.Problems();
        if (problems.Count > 0)
            throw new HrmException(problems.Select(p => $"{source}: {p}").ToList());
        return config;
    }

    /// <summary>Reads and validates a JSON config file.</summary>
    public static ModelConfig Load(string path) =>
        File.Exists(path) ? FromJson(File.ReadAllText(path), Path.GetFileName(path)) : throw new HrmException($"{path}: model config not found");

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);
}
