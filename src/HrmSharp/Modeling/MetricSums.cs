namespace HrmSharp.Modeling;

/// <summary>
/// <see cref="ActMetrics"/> read to the host: sums over the rows of a segment, which add up across row slices (training
/// streams) and processes (data parallel), and become means by dividing by <see cref="Count"/> (accuracies, steps) or
/// by the batch's rows (losses), as the reference logs them.
/// </summary>
public sealed record MetricSums(
    double Count, double Accuracy, double ExactAccuracy, double QHaltAccuracy, double Steps,
    double LmLoss, double QHaltLoss, double? QContinueLoss)
{
    /// <summary>The objective's sum, lm + 0.5·(q_halt + q_continue): the value of ActLossHead's loss tensor.</summary>
    public double Loss => LmLoss + 0.5 * (QHaltLoss + (QContinueLoss ?? 0));

    public static MetricSums operator +(MetricSums a, MetricSums b) => new(
        a.Count + b.Count, a.Accuracy + b.Accuracy, a.ExactAccuracy + b.ExactAccuracy, a.QHaltAccuracy + b.QHaltAccuracy,
        a.Steps + b.Steps, a.LmLoss + b.LmLoss, a.QHaltLoss + b.QHaltLoss,
        a.QContinueLoss is null && b.QContinueLoss is null ? null : (a.QContinueLoss ?? 0) + (b.QContinueLoss ?? 0));

    /// <summary>As a flat vector (for a collective); an absent q_continue loss is NaN.</summary>
    public double[] ToArray() => [Count, Accuracy, ExactAccuracy, QHaltAccuracy, Steps, LmLoss, QHaltLoss, QContinueLoss ?? double.NaN];

    public static MetricSums FromArray(ReadOnlySpan<double> v) =>
        v.Length == 8 ? new(v[0], v[1], v[2], v[3], v[4], v[5], v[6], double.IsNaN(v[7]) ? null : v[7])
        : throw new ArgumentException($"metric sums have 8 values, not {v.Length}");
}
