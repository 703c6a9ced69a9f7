namespace HrmSharp.Training;

/// <summary>
/// The reference's learning-rate schedule (HRM/TRM pretrain.py, cosine_schedule_with_warmup_lr_lambda), a pure
/// function of the step: a linear ramp from 0 over <see cref="WarmupSteps"/>, then a cosine from the base rate down
/// to base·<see cref="MinRatio"/> at <see cref="TotalSteps"/>. MinRatio 1 (the reference default) keeps the rate
/// constant after warm-up. The same shape scales every optimiser's own base rate (model and puzzle embeddings).
/// </summary>
/// <param name="WarmupSteps">Steps of the linear ramp (HRM on ARC: 2000).</param>
/// <param name="TotalSteps">Planned length of the run; the cosine reaches its floor here.</param>
/// <param name="MinRatio">Final rate as a fraction of the base rate, in [0, 1].</param>
/// <param name="NumCycles">Cosine cycles over the decay; 0.5 (the reference's) is a half-cosine from 1 to MinRatio.</param>
public sealed record LearningRateSchedule(long WarmupSteps, long TotalSteps, double MinRatio = 1.0, double NumCycles = 0.5)
{
    public long WarmupSteps { get; } = WarmupSteps >= 0 ? WarmupSteps : throw new HrmException($"lr warm-up steps must be >= 0, got {WarmupSteps}");

    public long TotalSteps { get; } = TotalSteps >= 0 ? TotalSteps : throw new HrmException($"total steps must be >= 0, got {TotalSteps}");

    public double MinRatio { get; } = MinRatio is >= 0 and <= 1 ? MinRatio : throw new HrmException($"lr_min_ratio must be in [0, 1], got {MinRatio}");

    public double NumCycles { get; } = NumCycles >= 0 ? NumCycles : throw new HrmException($"lr cosine cycles must be >= 0, got {NumCycles}");

    /// <summary>
    /// The rate for optimiser step <paramref name="step"/>. The reference counts the step before computing the rate,
    /// so its first update uses step 1 (rate base/warm-up), not 0. The arithmetic follows the reference's operation
    /// order so values agree to the last bit. Past <see cref="TotalSteps"/> the rate stays at the floor (the reference
    /// never goes there; its formula would climb back up the cosine).
    /// </summary>
    public double At(double baseLr, long step) => At(baseLr, step, null);

    /// <summary>
    /// As <see cref="At(double, long)"/>, but when <see cref="TotalSteps"/> is 0 (a run with only a minutes budget) the
    /// cosine follows <paramref name="budgetFraction"/>, the share of the wall-clock budget used so far.
    /// </summary>
    public double At(double baseLr, long step, double? budgetFraction)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        if (step < WarmupSteps)
            return baseLr * step / Math.Max(1, WarmupSteps);

        double progress = TotalSteps == 0 && budgetFraction is { } f
            ? Math.Clamp(f, 0, 1)
            : Math.Min(1.0, (double)(step - WarmupSteps) / Math.Max(1, TotalSteps - WarmupSteps));
        return baseLr * (MinRatio + Math.Max(0.0, (1 - MinRatio) * 0.5 * (1.0 + Math.Cos(Math.PI * NumCycles * 2.0 * progress))));
    }
}
