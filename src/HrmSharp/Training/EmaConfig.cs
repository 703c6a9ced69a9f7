namespace HrmSharp.Training;

/// <summary>Exponential moving average of the weights (TRM evaluates with it). Off by default, as in HRM.</summary>
public sealed record EmaConfig
{
    /// <summary>Keep the average (and evaluate with it).</summary>
    public bool Enabled { get; init; }
    /// <summary>Weight of the old average per step (0.999: about the last thousand steps).</summary>
    public double Decay { get; init; } = 0.999;

    public IEnumerable<string> Problems()
    {
        if (!(Decay is >= 0 and <= 1)) yield return $"ema.decay must be in [0, 1], got {Decay}";
    }
}
