namespace HrmSharp.Training;

/// <summary>
/// Episodic training (in context, and test-time training): batch e is an episode of <see cref="Segments"/>
/// (halt_max_steps) consecutive optimiser steps, one ACT segment each, from a fresh carry; rows that halt early start
/// over on the same example. The trainer, checkpoint restore and test-time training all follow this one rule.
/// </summary>
public readonly record struct Episodes(int Segments)
{
    /// <summary>The episode (batch index) of optimiser step <paramref name="step"/> (0-based).</summary>
    public long Of(long step) => step / Segments;

    /// <summary>True when <paramref name="step"/> starts a new episode: the carry is dropped and the next batch taken.</summary>
    public bool Starts(long step) => step % Segments == 0;
}
