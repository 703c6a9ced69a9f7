using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HrmSharp.Modeling.Layers;

/// <summary>
/// Bias-optional linear layer whose fp32 weights are cast to the input's dtype at use, so parameters stay fp32 while
/// compute runs in bf16 (TorchSharp has no autocast). LeCun truncated-normal weights, zero bias.
/// </summary>
public sealed class CastedLinear : nn.Module<Tensor, Tensor>
{
    // Field names are the reference state_dict names.
    private readonly Parameter weight; // [out, in]
    private readonly Parameter? bias;  // [out]

    public CastedLinear(int inFeatures, int outFeatures, bool bias, Generator? generator) : base(nameof(CastedLinear))
    {
        weight = new Parameter(TruncatedNormal.Create([outFeatures, inFeatures], 1.0 / Math.Sqrt(inFeatures), generator));
        this.bias = bias ? new Parameter(zeros(outFeatures)) : null;
        RegisterComponents();
    }

    public Parameter Weight => weight;
    public Parameter? Bias => bias;

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var output = nn.functional.linear(input, weight.to(input.dtype), bias?.to(input.dtype));
        return output.MoveToOuterDisposeScope();
    }
}
