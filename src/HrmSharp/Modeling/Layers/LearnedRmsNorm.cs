using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HrmSharp.Modeling.Layers;

/// <summary>
/// RMSNorm with a learnable per-feature gain (started at 1), for pre-norm blocks: the gain lets each block choose how
/// loudly it reads the residual stream, which the reference's gain-free post-norm cannot. Computed in fp32 like
/// <see cref="RmsNorm"/>, the gain applied there, the result cast back to the input's dtype.
/// </summary>
public sealed class LearnedRmsNorm : nn.Module<Tensor, Tensor>
{
    private readonly Parameter weight; // [hidden]
    private readonly double _eps;

    public LearnedRmsNorm(int hiddenSize, double eps) : base(nameof(LearnedRmsNorm))
    {
        weight = new Parameter(ones(hiddenSize));
        _eps = eps;
        RegisterComponents();
    }

    public Parameter Weight => weight;

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var x32 = x.to(ScalarType.Float32);
        var norm = linalg.vector_norm(x32, 2, [-1L], keepdim: true); // [..., 1]
        var normed = x32 * rsqrt(norm.square() / x.shape[^1] + _eps) * weight;
        return normed.to(x.dtype).MoveToOuterDisposeScope();
    }
}
