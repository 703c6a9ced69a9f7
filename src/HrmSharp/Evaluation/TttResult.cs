namespace HrmSharp.Evaluation;

/// <summary>
/// What test-time training did for one task. Losses are the training loss (token loss + ½·Q losses, per sequence) averaged
/// over the first and over the last ACT episode, so the comparison is between like segments (later segments of an
/// episode start from a refined state and score lower whatever the weights).
/// </summary>
/// <param name="Steps">Optimiser steps taken (0 when skipped).</param>
/// <param name="Sequences">Leave-one-out sequences per epoch (demos used as queries).</param>
/// <param name="Skipped">Why the task was not adapted, or null.</param>
public sealed record TttResult(string TaskId, int Steps, int Sequences, double FirstLoss, double LastLoss, double Seconds, string? Skipped = null);
