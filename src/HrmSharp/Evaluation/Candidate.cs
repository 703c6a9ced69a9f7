using HrmSharp.Data;

namespace HrmSharp.Evaluation;

/// <summary>A distinct predicted grid for one test input (in the task's own frame), its vote count and mean sigmoid(q_halt).</summary>
public sealed record Candidate(Grid Grid, int Votes, double MeanQ);
