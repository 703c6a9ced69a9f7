namespace HrmSharp.Reporting;

/// <summary>One metric over training, sorted by step (one point per step); <see cref="Eval"/> marks evaluation results.</summary>
public sealed record MetricSeries(string Name, bool Eval, IReadOnlyList<(long Step, double Value)> Points)
{
    /// <summary>"loss" for training, "eval loss" for evaluation.</summary>
    public string Label => Eval ? "eval " + Name : Name;
}
