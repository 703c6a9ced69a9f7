using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HrmSharp.Modeling.Layers;

/// <summary>
/// A stack of blocks that first adds its input injection: h = blocks(state + injection). HRM's H_level / L_level.
/// With pre-norm blocks the stack ends in a learnable norm, so the state it hands on (to the next cycle, segment or the
/// heads) has unit scale as the post-norm stack's does.
/// </summary>
public sealed class ReasoningModule : nn.Module<Tensor, Tensor, AttentionContext, Tensor>
{
    private readonly ModuleList<TransformerBlock> layers;
    private readonly LearnedRmsNorm? norm; // pre-norm only: [hidden]

    public ReasoningModule(int numLayers, BlockOptions options, Generator? generator) : base(nameof(ReasoningModule))
    {
        layers = new ModuleList<TransformerBlock>(Enumerable.Range(0, numLayers).Select(_ => new TransformerBlock(options, generator)).ToArray());
        if (options.Norm == NormPlacement.Pre)
            norm = new LearnedRmsNorm(options.HiddenSize, options.RmsNormEps);
        RegisterComponents();
    }

    public int NumLayers => layers.Count;

    public override Tensor forward(Tensor state, Tensor injection, AttentionContext context)
    {
        using var scope = NewDisposeScope();
        var h = state + injection; // [B, S, hidden]
        foreach (var layer in layers)
            h = layer.call(h, context);
        if (norm is not null)
            h = norm.call(h);
        return h.MoveToOuterDisposeScope();
    }
}
