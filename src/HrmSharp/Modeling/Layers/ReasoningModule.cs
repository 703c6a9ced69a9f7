using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HrmSharp.Modeling.Layers;

/// <summary>A stack of blocks that first adds its input injection: h = blocks(state + injection). HRM's H_level / L_level.</summary>
public sealed class ReasoningModule : nn.Module<Tensor, Tensor, AttentionContext, Tensor>
{
    private readonly ModuleList<TransformerBlock> layers;

    public ReasoningModule(int numLayers, BlockOptions options, Generator? generator) : base(nameof(ReasoningModule))
    {
        layers = new ModuleList<TransformerBlock>(Enumerable.Range(0, numLayers).Select(_ => new TransformerBlock(options, generator)).ToArray());
        RegisterComponents();
    }

    public int NumLayers => layers.Count;

    public override Tensor forward(Tensor state, Tensor injection, AttentionContext context)
    {
        using var scope = NewDisposeScope();
        var h = state + injection; // [B, S, hidden]
        foreach (var layer in layers)
            h = layer.call(h, context);
        return h.MoveToOuterDisposeScope();
    }
}
