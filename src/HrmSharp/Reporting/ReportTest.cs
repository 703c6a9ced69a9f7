using HrmSharp.Data;

namespace HrmSharp.Reporting;

/// <summary>
/// One test input of a task as the report shows it. <see cref="Input"/> is null when neither the evaluation report nor
/// a task file supplied it; <see cref="CorrectRank"/> is the 1-based rank of the right grid among the candidates.
/// </summary>
public sealed record ReportTest(
    int Index,
    Grid? Input,
    Grid? Expected,
    int? CorrectRank,
    int? Predictions,
    int? DistinctCandidates,
    IReadOnlyList<ReportAttempt> Attempts,
    IReadOnlyList<RefinementStep> Steps)
{
    public bool CorrectWithin(int k) => CorrectRank is { } r && r <= k;
}
