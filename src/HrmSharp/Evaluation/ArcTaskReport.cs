namespace HrmSharp.Evaluation;

/// <summary>
/// One task's outcome. <see cref="SolvedAt"/> is the smallest k for which every test input is right within k attempts
/// (so the task counts for pass@k exactly when SolvedAt ≤ k), or null when some test input was never right or has no
/// known answer.
/// </summary>
public sealed record ArcTaskReport(string TaskId, IReadOnlyList<TestInputReport> Tests)
{
    public bool Scored => Tests.All(t => t.Expected is not null);

    public int? SolvedAt => Scored && Tests.All(t => t.CorrectRank is not null) ? Tests.Max(t => t.CorrectRank) : null;

    /// <summary>Reference pass@k for this task: all test inputs right within k.</summary>
    public bool PassAt(int k) => SolvedAt is { } s && s <= k;

    /// <summary>TRM's credit: the share of test inputs right within k.</summary>
    public double FractionAt(int k) => Tests.Count == 0 ? 0 : (double)Tests.Count(t => t.CorrectWithin(k)) / Tests.Count;
}
