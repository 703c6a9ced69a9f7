using static TorchSharp.torch;

namespace HrmSharp.Modeling.Layers;

/// <summary>Post-norm block: x = rms(x + attn(x)); x = rms(x + swiglu(x)). No learnable norm weights, no biases.</summary>
public sealed class TransformerBlock : nn.Module<Tensor, AttentionContext, Tensor>
{
    private readonly Attention self_attn;
    private readonly SwiGlu mlp;
    private readonly double _eps;

    public TransformerBlock(BlockOptions options, Generator? generator) : base(nameof(TransformerBlock))
    {
        self_attn = new Attention(options.HiddenSize, options.HiddenSize / options.NumHeads, options.NumHeads, generator);
        mlp = new SwiGlu(options.HiddenSize, options.Expansion, generator);
        _eps = options.RmsNormEps;
        RegisterComponents();
    }

    public override Tensor forward(Tensor hidden, AttentionContext context)
    {
        using var scope = NewDisposeScope();
        var h = RmsNorm.Apply(hidden + self_attn.call(hidden, context), _eps);
        h = RmsNorm.Apply(h + mlp.call(h), _eps);
        return h.MoveToOuterDisposeScope();
    }
}

/// <summary>The shape of one transformer block.</summary>
public sealed record BlockOptions(int HiddenSize, int NumHeads, double Expansion, double RmsNormEps)
{
    public static BlockOptions From(ModelConfig config) => new(config.HiddenSize, config.NumHeads, config.Expansion, config.RmsNormEps);
}
