namespace HrmSharp.Data;

/// <summary>The two guesses the ARC Prize accepts for one test input.</summary>
public sealed record SubmissionAttempts(Grid Attempt1, Grid Attempt2);
