using static TorchSharp.torch;

namespace HrmSharp.Modeling;

/// <summary>
/// The two reasoning states a core carries between segments, each [B, P+S, hidden] in the compute dtype.
/// HRM: high- and low-level states. TRM: answer y (ZH, read by the heads) and latent z (ZL).
/// </summary>
public sealed record CoreState(Tensor ZH, Tensor ZL)
{
    public CoreState Detach() => new(ZH.detach(), ZL.detach());

    public IEnumerable<Tensor> Tensors() => [ZH, ZL];
}
