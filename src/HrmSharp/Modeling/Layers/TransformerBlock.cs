using static TorchSharp.torch;

namespace HrmSharp.Modeling.Layers;

/// <summary>
/// Post-norm block: x = rms(x + attn(x)); x = rms(x + swiglu(x)). No learnable norm weights, no biases.
/// TRM's mlp_t variant mixes positions with a SwiGLU over the sequence axis instead of attention (fixed-length puzzles
/// such as Sudoku); as in the reference, that first residual is normalised over positions, not features.
/// </summary>
public sealed class TransformerBlock : nn.Module<Tensor, AttentionContext, Tensor>
{
    private readonly Attention? self_attn;
    private readonly SwiGlu? mlp_t; // over positions: hidden size = P+S
    private readonly SwiGlu mlp;
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
        RegisterComponents();
    }

    public override Tensor forward(Tensor hidden, AttentionContext context)
    {
        using var scope = NewDisposeScope();
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

/// <summary>The shape of one transformer block; <paramref name="SequenceMlpLength"/> set = mlp_t variant over that many positions.</summary>
public sealed record BlockOptions(int HiddenSize, int NumHeads, double Expansion, double RmsNormEps, int? SequenceMlpLength = null,
                                  AttentionKernel Attention = AttentionKernel.Auto)
{
    public static BlockOptions From(ModelConfig config) =>
        new(config.HiddenSize, config.NumHeads, config.Expansion, config.RmsNormEps, config.MlpT ? config.TotalSeqLen : null, config.Attention);
}
