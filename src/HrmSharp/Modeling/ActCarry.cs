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

    /// <summary>Rows [start, start + length) as views (no copy).</summary>
    public ActCarry Rows(long start, long length) =>
        new(ZH.narrow(0, start, length), ZL.narrow(0, start, length), Steps.narrow(0, start, length),
            Halted.narrow(0, start, length), CurrentData.Rows(start, length));

    /// <summary>Row slices put back together in order (the inverse of <see cref="Rows"/>).</summary>
    public static ActCarry Cat(IReadOnlyList<ActCarry> parts) =>
        new(cat(parts.Select(p => p.ZH).ToArray(), 0), cat(parts.Select(p => p.ZL).ToArray(), 0),
            cat(parts.Select(p => p.Steps).ToArray(), 0), cat(parts.Select(p => p.Halted).ToArray(), 0),
            ActBatch.Cat(parts.Select(p => p.CurrentData).ToArray()));

    public void Dispose()
    {
        foreach (var t in Tensors())
            t.Dispose();
    }
}
