using HrmSharp.Modeling.Layers;
using static TorchSharp.torch;

namespace HrmSharp.Modeling;

/// <summary>
/// The part that differs between recursive models: the networks and the cycle loop of one ACT segment.
/// Everything else (embeddings, puzzle embedding, heads, initial states, halting, losses) is shared.
/// A core is not a module of its own: <see cref="ReasoningModel"/> registers <see cref="Modules"/> directly under
/// these names, because the reference state_dict has them there (inner.H_level..., not inner.core.H_level...).
/// </summary>
public interface IReasoningCore
{
    /// <summary>The core's networks with their reference names (HRM: H_level, L_level; TRM: L_level).</summary>
    IReadOnlyList<(string Name, nn.Module Module)> Modules { get; }

    /// <summary>
    /// One segment: the no-gradient cycles, then the last update(s) with gradient ("1-step gradient").
    /// <paramref name="input"/> is the scaled input embedding [B, P+S, hidden]. Returns the new states; ZH feeds the heads.
    /// </summary>
    CoreState Segment(CoreState state, Tensor input, AttentionContext context);
}
