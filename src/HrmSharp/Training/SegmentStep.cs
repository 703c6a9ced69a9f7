using HrmSharp.Modeling;
using static TorchSharp.torch;

namespace HrmSharp.Training;

/// <summary>One ACT segment of training, as the trainer (every stream, every rank) and test-time training take it.</summary>
public static class SegmentStep
{
    /// <summary>
    /// The segment from <paramref name="carry"/> on <paramref name="batch"/>, and the backward of its loss divided by
    /// <paramref name="totalRows"/>: the rows of the whole batch, so the gradients of row slices (streams, data-parallel
    /// ranks) add up to the whole batch's mean. Returns the next carry and the metric sums.
    /// </summary>
    /// <param name="minSteps">Halting exploration's minimum segments per row (null: none).</param>
    public static (ActCarry Carry, MetricSums Metrics) ForwardBackward(ActLossHead head, ActCarry carry, ActBatch batch, long totalRows, Tensor? minSteps = null)
    {
        var result = head.Forward(carry, batch, minSteps);
        (result.Loss * (1.0 / totalRows)).backward();
        return (result.Carry, result.Metrics.Sums());
    }
}
