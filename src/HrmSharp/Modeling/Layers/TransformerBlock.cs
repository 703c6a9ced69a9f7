using static TorchSharp.torch;

namespace HrmSharp.Modeling.Layers;

/// <summary>
/// Post-norm block (the reference's): x = rms(x + attn(x)); x = rms(x + swiglu(x)). No learnable norm weights, no biases.
/// Pre-norm block (norm = pre): x = x + attn(norm₁(x)); x = x + swiglu(norm₂(x)), each norm with a learnable gain; the
/// residual stream itself is never normalised, so the input embedding reaches every layer at full strength (the
/// enclosing <see cref="ReasoningModule"/> normalises its output).
/// TRM's mlp_t variant mixes positions with a SwiGLU over the sequence axis instead of attention (fixed-length puzzles
/// such as Sudoku); as in the reference, that first residual is normalised over positions, not features.
/// </summary>
public sealed class TransformerBlock : nn.Module<Tensor, AttentionContext, Tensor>
{
    private readonly Attention? self_attn;
    private readonly SwiGlu? mlp_t; // over positions: hidden size = P+S
    private readonly SwiGlu mlp;
    private readonly LearnedRmsNorm? attn_norm; // pre-norm only: [hidden]
    private readonly LearnedRmsNorm? mlp_norm;  // pre-norm only: [hidden]
    private readonly double _eps;

    public TransformerBlock(BlockOptions options, Generator? generator) : base(nameof(TransformerBlock))
    {
        // Sequence mixer first, then the MLP: the reference's construction (and init draw) order.
        if (options.SequenceMlpLength is int positions)
            mlp_t = new SwiGlu(positions, options.Expansion, generator);
        else
            self_attn = new Attention(options.HiddenSize, options.HiddenSize / options.NumHeads, options.NumHeads, generator, options.Attention);
        mlp = new SwiGlu(options.HiddenSize, options.Expansion, generator);
        _eps = options.RmsNormEps;
        if (options.Norm == NormPlacement.Pre)
        {
            if (mlp_t is not null)
                throw new HrmException("norm pre is not defined for the mlp_t variant (its first residual is normalised over positions)");
            attn_norm = new LearnedRmsNorm(options.HiddenSize, options.RmsNormEps);
            mlp_norm = new LearnedRmsNorm(options.HiddenSize, options.RmsNormEps);
        }
        if (options.OutputInitScale != 1)
        {
            // Scaled residual init (GPT-2): each block's writes to the residual stream start small, so the stream's
            // variance grows slowly with depth and the input embedding dominates it at first.
            self_attn?.ScaleOutputInit(options.OutputInitScale);
            mlp.ScaleOutputInit(options.OutputInitScale);
        }
        RegisterComponents();
    }

    public override Tensor forward(Tensor hidden, AttentionContext context)
    {
        using var scope = NewDisposeScope();
        if (attn_norm is not null)
        {
            var x = hidden + self_attn!.call(attn_norm.call(hidden), context);
            return (x + mlp.call(mlp_norm!.call(x))).MoveToOuterDisposeScope();
        }
        Tensor h;
        if (mlp_t is not null)
        {
            var t = hidden.transpose(1, 2);                      // [B, hidden, P+S]
            h = RmsNorm.Apply(t + mlp_t.call(t), _eps).transpose(1, 2); // [B, P+S, hidden]
        }
        else
        {
            h = RmsNorm.Apply(hidden + self_attn!.call(hidden, context), _eps);
        }
        h = RmsNorm.Apply(h + mlp.call(h), _eps);
        return h.MoveToOuterDisposeScope();
    }
}

/// <summary>
/// The shape of one transformer block; <paramref name="SequenceMlpLength"/> set = mlp_t variant over that many positions;
/// <paramref name="OutputInitScale"/> multiplies the initial output projections (attention o_proj, MLP down_proj).
/// </summary>
public sealed record BlockOptions(int HiddenSize, int NumHeads, double Expansion, double RmsNormEps, int? SequenceMlpLength = null,
                                  AttentionKernel Attention = AttentionKernel.Auto, NormPlacement Norm = NormPlacement.Post,
                                  double OutputInitScale = 1)
{
    public static BlockOptions From(ModelConfig config) =>
        new(config.HiddenSize, config.NumHeads, config.Expansion, config.RmsNormEps, config.MlpT ? config.TotalSeqLen : null, config.Attention,
            config.Norm, config.ScaledResidualInit ? 1 / Math.Sqrt(2.0 * config.BlocksPerSegment) : 1);
}
