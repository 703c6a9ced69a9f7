using static TorchSharp.torch;

namespace HrmSharp.Modeling;

/// <summary>
/// Per-segment sums over the batch (not averages), as the reference logs them; counts only rows that halted in this
/// segment and have at least one label. Divide by <see cref="Count"/> for means. Tensors stay on the device until read.
/// </summary>
/// <param name="Count">int64: halted rows with labels.</param>
/// <param name="Accuracy">float32: sum over those rows of their token accuracy.</param>
/// <param name="ExactAccuracy">int64: those rows entirely right.</param>
/// <param name="QHaltAccuracy">int64: those rows where (q_halt ≥ 0) == (entirely right).</param>
/// <param name="Steps">int64: sum of their segment counts.</param>
/// <param name="LmLoss">Token loss (float64 for stablemax, float32 for softmax), over all rows.</param>
/// <param name="QHaltLoss">float32.</param>
/// <param name="QContinueLoss">float32; only when a continue target was trained.</param>
public sealed record ActMetrics(
    Tensor Count, Tensor Accuracy, Tensor ExactAccuracy, Tensor QHaltAccuracy, Tensor Steps,
    Tensor LmLoss, Tensor QHaltLoss, Tensor? QContinueLoss) : IDisposable
{
    public IEnumerable<(string Name, Tensor Value)> Named()
    {
        yield return ("count", Count);
        yield return ("accuracy", Accuracy);
        yield return ("exact_accuracy", ExactAccuracy);
        yield return ("q_halt_accuracy", QHaltAccuracy);
        yield return ("steps", Steps);
        yield return ("lm_loss", LmLoss);
        yield return ("q_halt_loss", QHaltLoss);
        if (QContinueLoss is not null)
            yield return ("q_continue_loss", QContinueLoss);
    }

    public IEnumerable<Tensor> Tensors() => Named().Select(n => n.Value);

    /// <summary>The sums on the host.</summary>
    public MetricSums Sums()
    {
        static double Read(Tensor t) => t.to(ScalarType.Float64).item<double>();
        return new MetricSums(Read(Count), Read(Accuracy), Read(ExactAccuracy), Read(QHaltAccuracy), Read(Steps),
            Read(LmLoss), Read(QHaltLoss), QContinueLoss is null ? null : Read(QContinueLoss));
    }

    public void Dispose()
    {
        foreach (var t in Tensors())
            t.Dispose();
    }
}
