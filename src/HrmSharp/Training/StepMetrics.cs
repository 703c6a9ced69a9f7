namespace HrmSharp.Training;

/// <summary>
/// One optimiser step's metrics, normalised as the reference logs them: losses divided by the batch size,
/// accuracies and mean ACT steps divided by the number of sequences that finished in this step (<see cref="Count"/>);
/// when none finished those read 0 here and null in metrics.jsonl. Timing fields are wall-clock and differ between runs; everything else is a
/// deterministic function of the config and the step.
/// </summary>
public sealed record StepMetrics
{
    /// <summary>Optimiser steps done, this one included (1 for the first).</summary>
    public long Step { get; init; }
    public double Lr { get; init; }
    public double PuzzleEmbLr { get; init; }
    public double Loss { get; init; }
    public double LmLoss { get; init; }
    public double QHaltLoss { get; init; }
    public double? QContinueLoss { get; init; }
    public double Accuracy { get; init; }
    public double ExactAccuracy { get; init; }
    public double QHaltAccuracy { get; init; }
    /// <summary>Mean ACT segments of the sequences that finished in this step.</summary>
    public double Steps { get; init; }
    /// <summary>Sequences that finished in this step (halted, with labels).</summary>
    public double Count { get; init; }

    // Timing.
    public double StepSeconds { get; init; }
    /// <summary>Share of the step spent preparing the batch on the host.</summary>
    public double DataSeconds { get; init; }
    /// <summary>Positions processed per second: batch × (puzzle tokens + sequence) per segment.</summary>
    public double TokensPerSecond { get; init; }
    /// <summary>Wall-clock seconds of the run so far, resumed parts included.</summary>
    public double ElapsedSeconds { get; init; }
}
