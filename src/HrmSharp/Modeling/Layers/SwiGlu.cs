using static TorchSharp.torch;

namespace HrmSharp.Modeling.Layers;

/// <summary>SwiGLU feed-forward: down(silu(gate) · up) with gate and up fused in one projection (reference gate_up_proj, down_proj).</summary>
public sealed class SwiGlu : nn.Module<Tensor, Tensor>
{
    private readonly CastedLinear gate_up_proj; // [2·inter, hidden]: first half of the output = gate, second = up
    private readonly CastedLinear down_proj;    // [hidden, inter]

    public SwiGlu(int hiddenSize, double expansion, Generator? generator) : base(nameof(SwiGlu))
    {
        int inter = IntermediateSize(hiddenSize, expansion);
        gate_up_proj = new CastedLinear(hiddenSize, 2 * inter, bias: false, generator);
        down_proj = new CastedLinear(inter, hiddenSize, bias: false, generator);
        RegisterComponents();
    }

    /// <summary>
    /// The reference's width rule: round(expansion·hidden·2/3) (Python round: half to even) rounded up to a multiple of 256,
    /// so the 2/3 keeps the parameter count of a plain expansion-wide MLP while the width stays matmul friendly.
    /// </summary>
    public static int IntermediateSize(int hiddenSize, double expansion)
    {
        int rounded = (int)Math.Round(expansion * hiddenSize * 2 / 3, MidpointRounding.ToEven);
        return (rounded + 255) / 256 * 256;
    }

    /// <summary>Multiplies the initial down_proj weights by <paramref name="factor"/> (scaled residual init).</summary>
    public void ScaleOutputInit(double factor)
    {
        using var noGrad = no_grad();
        down_proj.Weight.mul_(factor);
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var gateUp = gate_up_proj.call(x);        // [..., 2·inter]
        var parts = gateUp.chunk(2, -1);          // gate, up: [..., inter]
        var hidden = nn.functional.silu(parts[0]) * parts[1];
        return down_proj.call(hidden).MoveToOuterDisposeScope();
    }
}
