using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HrmSharp.Modeling.Layers;

/// <summary>
/// RMSNorm with a learnable per-feature gain (started at 1), for pre-norm blocks: the gain lets each block choose how
/// loudly it reads the residual stream, which the reference's gain-free post-norm cannot. <see cref="RmsNorm.Apply"/>
/// with the gain (fp32, then cast back to the input's dtype).
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

    public override Tensor forward(Tensor x) => RmsNorm.Apply(x, _eps, weight);
}
