using static TorchSharp.torch;

namespace HrmSharp.Modeling;

/// <summary>
/// What persists between ACT segments (and, in training, between batches): the reasoning states (detached), the
/// segment count and halted flag per row, and the example each row is working on. A halted row is reset and given the
/// next batch's example at the start of the following segment.
/// </summary>
/// <param name="ZH">[B, P+S, hidden], compute dtype.</param>
/// <param name="ZL">[B, P+S, hidden], compute dtype.</param>
/// <param name="Steps">[B] int32: segments run on the current example.</param>
/// <param name="Halted">[B] bool.</param>
/// <param name="CurrentData">The examples in progress.</param>
public sealed record ActCarry(Tensor ZH, Tensor ZL, Tensor Steps, Tensor Halted, ActBatch CurrentData) : IDisposable
{
    public CoreState State => new(ZH, ZL);

    public IEnumerable<Tensor> Tensors() => [ZH, ZL, Steps, Halted, .. CurrentData.Tensors()];

    public void Dispose()
    {
        foreach (var t in Tensors())
            t.Dispose();
    }
}
