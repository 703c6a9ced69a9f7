using HrmSharp.Data;

namespace HrmSharp.Evaluation;

/// <summary>
/// How one test input went: the expected output when known, the top candidates, and the 1-based rank of the right grid
/// among all candidates (null when it was never predicted or the answer is unknown).
/// </summary>
public sealed record TestInputReport(int Index, Grid? Expected, int Predictions, int DistinctCandidates, IReadOnlyList<Candidate> Attempts, int? CorrectRank)
{
    public bool CorrectWithin(int k) => CorrectRank is { } r && r <= k;
}
