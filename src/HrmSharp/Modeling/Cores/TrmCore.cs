using HrmSharp.Modeling.Layers;
using static TorchSharp.torch;

namespace HrmSharp.Modeling.Cores;

/// <summary>
/// TRM's cycle loop: ONE network (L_level) updates both the latent z (ZL) and the answer y (ZH). A cycle is L_cycles
/// latent updates z = net(z, y + x) then one answer update y = net(y, z); H_cycles cycles per segment, of which only
/// the last carries gradient (one_step_gradient false: all of them).
/// </summary>
public sealed class TrmCore : IReasoningCore
{
    private readonly ReasoningModule _net;
    private readonly int _hCycles;
    private readonly int _lCycles;
    private readonly bool _oneStepGradient;

    public TrmCore(ModelConfig config, Generator? generator)
    {
        _net = new ReasoningModule(config.LLayers, BlockOptions.From(config), generator);
        (_hCycles, _lCycles, _oneStepGradient) = (config.HCycles, config.LCycles, config.OneStepGradient);
    }

    public IReadOnlyList<(string Name, nn.Module Module)> Modules => [("L_level", _net)];

    public CoreState Segment(CoreState state, Tensor input, AttentionContext context)
    {
        using var scope = NewDisposeScope();
        var (y, z) = (state.ZH, state.ZL);
        using (_oneStepGradient ? no_grad() : null)
        {
            for (int h = 0; h < _hCycles - 1; h++)
                (y, z) = Cycle(y, z, input, context);
        }
        (y, z) = Cycle(y, z, input, context);
        return new CoreState(scope.MoveToOuter(y), scope.MoveToOuter(z));
    }

    private (Tensor Y, Tensor Z) Cycle(Tensor y, Tensor z, Tensor input, AttentionContext context)
    {
        for (int l = 0; l < _lCycles; l++)
            z = _net.call(z, y + input, context);
        y = _net.call(y, z, context);
        return (y, z);
    }
}
