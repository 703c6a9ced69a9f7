using HrmSharp.Data;

namespace HrmSharp.Reporting;

/// <summary>
/// One ranked candidate for a test input: its grid, how many augmented predictions voted for it, their mean
/// sigmoid(q_halt), and whether it equals the expected output (null when the answer is unknown).
/// </summary>
public sealed record ReportAttempt(int Rank, Grid Grid, int? Votes, double? MeanQ, bool? Correct);
