using HrmSharp.Modeling.Cores;
using HrmSharp.Modeling.Layers;
using static TorchSharp.torch;

namespace HrmSharp.Modeling;

/// <summary>
/// The model inside the ACT loop (reference name "inner"): input embedding (tokens × √hidden, puzzle-embedding tokens in
/// front), one segment of the core's cycle loop, and the two heads: lm_head on z_H (puzzle positions dropped) and
/// q_head (halt, continue) on z_H at position 0. Field names are the reference state_dict names.
/// </summary>
public sealed class ReasoningModel : nn.Module<CoreState, ActBatch, InnerOutput>
{
    private readonly CastedEmbedding embed_tokens; // [V, hidden]
    private readonly CastedLinear lm_head;         // [V, hidden]
    private readonly CastedLinear q_head;          // [2, hidden] + bias [2]: 0 = halt, 1 = continue
    private readonly PuzzleEmbedding? puzzle_emb;  // [N, puzzle_emb_ndim]
    private readonly RotaryEmbedding? rotary_emb;  // pos_encodings = rope (none: neither)
    private readonly CastedEmbedding? embed_pos;   // pos_encodings = learned: [P+S, hidden]
    private readonly ContextEmbedding? context_emb; // conditioning = context: grid/role and absolute 2D features
    private readonly Tensor H_init;                // [hidden], compute dtype: z_H of a fresh row at every position
    private readonly Tensor L_init;                // [hidden]
    private readonly IReasoningCore _core;
    private readonly ModelConfig _config;
    private readonly double _embedScale;

    public ReasoningModel(ModelConfig config, Generator? generator) : base(nameof(ReasoningModel))
    {
        config.Validate();
        _config = config;
        var dtype = config.ComputeType;
        _embedScale = Math.Sqrt(config.HiddenSize);
        double embedInitStd = 1.0 / _embedScale; // so that scaled embeddings start at unit variance

        // Construction order follows the reference's, so one generator reproduces its init stream draw for draw.
        embed_tokens = new CastedEmbedding(config.VocabSize, config.HiddenSize, embedInitStd, dtype, generator);
        lm_head = new CastedLinear(config.HiddenSize, config.VocabSize, bias: false, generator);
        q_head = new CastedLinear(config.HiddenSize, 2, bias: true, generator);
        if (config.PuzzleEmbNdim > 0)
            puzzle_emb = new PuzzleEmbedding(config.NumPuzzleIdentifiers, config.PuzzleEmbNdim, dtype);
        if (config.PosEncodings == PosEncoding.Rope && config.Conditioning == Conditioning.PuzzleId)
            rotary_emb = new RotaryEmbedding(config.HeadDim, config.TotalSeqLen, config.RopeTheta);
        else if (config.PosEncodings == PosEncoding.Learned)
            embed_pos = new CastedEmbedding(config.TotalSeqLen, config.HiddenSize, embedInitStd, dtype, generator);

        if (config.Conditioning == Conditioning.Context)
            context_emb = new ContextEmbedding(config, embedInitStd, dtype, generator);

        _core = config.Core switch
        {
            CoreKind.Hrm => new HrmCore(config, generator),
            CoreKind.Trm => new TrmCore(config, generator),
            CoreKind.Transformer => new TransformerCore(config, generator),
            _ => throw new HrmException($"unknown core {config.Core}"),
        };
        foreach (var (name, module) in _core.Modules)
            register_module(name, module);

        H_init = TruncatedNormal.Fill_(empty([config.HiddenSize], dtype), 1.0, generator);
        L_init = TruncatedNormal.Fill_(empty([config.HiddenSize], dtype), 1.0, generator);
        if (config.StateInitScale != 1)
        {
            using var noGrad = no_grad(); // drawn first, then scaled, so every other init draw is unchanged
            H_init.mul_(config.StateInitScale);
            L_init.mul_(config.StateInitScale);
        }

        // Q starts at "almost surely continue" (sigmoid(-5) ≈ 0.007) with no dependence on the state, for stable bootstrapping.
        using (no_grad())
        {
            q_head.Weight.fill_(0); // not zero_(): in TorchSharp 0.107 it returns a second handle that lives on
            q_head.Bias!.fill_(-5);
        }
        RegisterComponents();
    }

    public ModelConfig Config => _config;
    public PuzzleEmbedding? PuzzleEmb => puzzle_emb;
    public IReasoningCore Core => _core;

    /// <summary>Placeholder states for a fresh carry (every row is reset to H_init/L_init at its first segment).</summary>
    public CoreState EmptyState(long batchSize, long? seqLen = null)
    {
        long positions = (seqLen ?? _config.SeqLen) + _config.PuzzleTokens;
        return new(zeros(batchSize, positions, _config.HiddenSize, _config.ComputeType),
                   zeros(batchSize, positions, _config.HiddenSize, _config.ComputeType));
    }

    /// <summary>Rows where <paramref name="reset"/> [B] is true start again from H_init / L_init (broadcast over positions).</summary>
    public CoreState ResetRows(Tensor reset, CoreState state)
    {
        using var scope = NewDisposeScope();
        var mask = reset.view(-1, 1, 1);
        var zH = where(mask, H_init, state.ZH);
        var zL = where(mask, L_init, state.ZL);
        return new CoreState(scope.MoveToOuter(zH), scope.MoveToOuter(zL));
    }

    /// <summary>The scaled input embedding [B, P+S, hidden] in the compute dtype.</summary>
    public Tensor InputEmbeddings(Tensor inputs, Tensor puzzleIdentifiers, ContextFeatures? context = null)
    {
        if (context_emb is not null)
            return ContextInputEmbeddings(inputs, context);
        if (inputs.dim() != 2 || inputs.shape[1] != _config.SeqLen)
            throw new HrmException($"the batch has inputs of shape [{string.Join(", ", inputs.shape)}] but the model was built for [batch, seq_len {_config.SeqLen}]");
        if (puzzle_emb is not null && (puzzleIdentifiers.dim() != 1 || puzzleIdentifiers.shape[0] != inputs.shape[0]))
            throw new HrmException($"the batch has puzzle identifiers of shape [{string.Join(", ", puzzleIdentifiers.shape)}], expected [{inputs.shape[0]}]");
        using var scope = NewDisposeScope();
        var embedding = embed_tokens.call(inputs); // [B, S, hidden]
        if (puzzle_emb is not null)
        {
            int p = _config.PuzzleTokens, hidden = _config.HiddenSize;
            var puzzle = puzzle_emb.call(puzzleIdentifiers); // [B, ndim]
            long pad = (long)p * hidden - puzzle.shape[^1];
            if (pad > 0)
                puzzle = nn.functional.pad(puzzle, [0, pad]); // [B, P·hidden], zeros after the learned part
            embedding = cat([puzzle.view(-1, p, hidden), embedding], 1); // [B, P+S, hidden]
        }
        if (embed_pos is not null)
            embedding = 0.707106781 * (embedding + embed_pos.Table()); // 1/√2 keeps the sum at unit variance
        return (_embedScale * embedding).MoveToOuterDisposeScope();
    }

    /// <summary>In context mode: tokens plus grid/role (and absolute 2D) embeddings, × √hidden, [B, S, hidden].</summary>
    private Tensor ContextInputEmbeddings(Tensor inputs, ContextFeatures? context)
    {
        if (context is null)
            throw new HrmException("this model reads whole tasks in context (conditioning = context) but the batch has no in-context features");
        // Rotary positions have no length limit; only a learned position table does.
        if (inputs.dim() != 2 || (embed_pos is not null && inputs.shape[1] > _config.SeqLen))
            throw new HrmException($"the batch has inputs of shape [{string.Join(", ", inputs.shape)}]; " +
                                   $"the model takes [batch, up to seq_len {_config.SeqLen}] (learned positions)");
        using var scope = NewDisposeScope();
        var embedding = context_emb!.call(embed_tokens.call(inputs), context); // [B, S, hidden], unit-variance mix
        if (embed_pos is not null)
        {
            var positions = embed_pos.call(context.Position); // [B, S, hidden]
            embedding = 0.707106781 * (embedding + positions);
        }
        return (_embedScale * embedding).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The attention context of one forward. puzzle_id: the model's fixed rotary tables. context: per-token tables from
    /// the batch's (row, column) (rope2d) or sequence index (rope), and its mask. The caller disposes what it gets.
    /// </summary>
    public AttentionContext Context(ContextFeatures? context = null)
    {
        if (context_emb is null)
            return rotary_emb is null ? AttentionContext.None : new AttentionContext(rotary_emb.Cos.alias(), rotary_emb.Sin.alias());
        var mask = context!.Mask?.alias();
        if (_config.PosEncodings == PosEncoding.Rope2d)
        {
            using var scope = NewDisposeScope();
            // rope_pair_offset: every (input, output) pair of grids moves by the offset along both axes, so a cell and
            // its counterpart in the paired grid sit at a small offset and other pairs' grids far away.
            Tensor? shift = _config.RopePairOffset > 0 ? context.GridIndex.div(2, rounding_mode: RoundingMode.floor) * _config.RopePairOffset : null;
            (Tensor Cos, Tensor Sin) tables;
            if (_config.RopeFrames == RopeFrames.Dihedral)
            {
                var isOutput = context.Role.eq((long)Encoding.Context.GridRole.DemoOutput).logical_or(context.Role.eq((long)Encoding.Context.GridRole.Canvas));
                tables = RotaryEmbedding.TablesDihedral(context.Row, context.Col, context.PairHeight, context.PairWidth, isOutput,
                    _config.NumHeads, _config.HeadDim, _config.RopeTheta, shift);
            }
            else
            {
                tables = shift is null
                    ? RotaryEmbedding.Tables2D(context.Row, context.Col, _config.HeadDim, _config.RopeTheta)
                    : RotaryEmbedding.Tables2D(context.Row + shift, context.Col + shift, _config.HeadDim, _config.RopeTheta);
            }
            return new AttentionContext(scope.MoveToOuter(tables.Cos), scope.MoveToOuter(tables.Sin), mask);
        }
        return _config.PosEncodings switch
        {
            PosEncoding.Rope => WithTables(RotaryEmbedding.Tables1D(context.Position, _config.HeadDim, _config.RopeTheta), mask),
            _ => new AttentionContext(null, null, mask),
        };
        static AttentionContext WithTables((Tensor Cos, Tensor Sin) t, Tensor? mask) => new(t.Cos, t.Sin, mask);
    }

    public override InnerOutput forward(CoreState state, ActBatch data)
    {
        using var scope = NewDisposeScope();
        var input = InputEmbeddings(data.Inputs, data.PuzzleIdentifiers, data.Context);
        var attention = Context(data.Context);
        var next = _core.Segment(state, input, attention);

        var logits = lm_head.call(next.ZH)[.., _config.PuzzleTokens..];   // [B, S, V]
        var q = q_head.call(next.ZH[.., 0]).to(ScalarType.Float32);      // [B, 2]
        var output = new InnerOutput(next.Detach(), logits, q[.., 0], q[.., 1]);
        scope.MoveToOuter(output.Tensors());
        return output;
    }
}

/// <summary>One segment of <see cref="ReasoningModel"/>: the new (detached) states, token logits [B, S, V] and q logits [B] (fp32).</summary>
public sealed record InnerOutput(CoreState State, Tensor Logits, Tensor QHaltLogits, Tensor QContinueLogits)
{
    public IEnumerable<Tensor> Tensors() => [.. State.Tensors(), Logits, QHaltLogits, QContinueLogits];
}
