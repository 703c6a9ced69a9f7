using HrmSharp.Modeling.Layers;
using static TorchSharp.torch;

namespace HrmSharp.Modeling.Cores;

/// <summary>
/// The ARC Prize "drop-in transformer" ablation: no hierarchy and no inner recursion. One stack of H_layers + L_layers
/// blocks (about HRM's parameter count) runs once per ACT segment, with full gradient through it, on the carried state:
/// z = net(z, x). Everything else (embeddings, heads, halting, the outer refinement loop) is the shared ACT loop's,
/// so comparing this core with HRM isolates what the H/L recursion adds. ZL is carried unchanged.
/// </summary>
public sealed class TransformerCore : IReasoningCore
{
    private readonly ReasoningModule _net;

    public TransformerCore(ModelConfig config, Generator? generator) =>
        _net = new ReasoningModule(config.HLayers + config.LLayers, BlockOptions.From(config), generator);

    public IReadOnlyList<(string Name, nn.Module Module)> Modules => [("L_level", _net)];

    public CoreState Segment(CoreState state, Tensor input, AttentionContext context)
    {
        using var scope = NewDisposeScope();
        var z = _net.call(state.ZH, input, context); // [B, P+S, hidden]
        var zL = state.ZL.detach(); // a new handle: the caller disposes the old carry independently
        return new CoreState(scope.MoveToOuter(z), scope.MoveToOuter(zL));
    }
}
