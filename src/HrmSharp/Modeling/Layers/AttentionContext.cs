using static TorchSharp.torch;

namespace HrmSharp.Modeling.Layers;

/// <summary>
/// What every attention layer of one forward needs besides its input: rotary tables (null = no RoPE, e.g. learned
/// positions) and an optional boolean mask, true = may attend ([S, S] shared or [B, S, S] per row), for packed or
/// block-diagonal sequences. The tensors are owned by whoever built the context.
/// </summary>
public sealed record AttentionContext(Tensor? Cos, Tensor? Sin, Tensor? Mask = null)
{
    public static readonly AttentionContext None = new(null, null);
}
