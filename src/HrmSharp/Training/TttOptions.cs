namespace HrmSharp.Training;

/// <summary>
/// Budget and settings of test-time training (TTT): per task, a copy of the model is fine-tuned on that task's demos
/// (leave-one-out) before it predicts. The budget is whichever of <see cref="Steps"/> and <see cref="Minutes"/> runs out
/// first; a zero turns that limit off, both zero turns TTT off. Steps are the deterministic knob: a minutes budget
/// stops after however many steps this machine manages, so its results depend on the machine and its load.
/// </summary>
public sealed record TttOptions
{
    /// <summary>Optimiser steps per task (one ACT segment each, as in training); 0 = no step limit.</summary>
    public int Steps { get; init; }

    /// <summary>Wall-clock minutes per task; 0 = no time limit. Checked between steps, so a step in progress finishes.</summary>
    public double Minutes { get; init; }

    /// <summary>
    /// Constant AdamATan2 rate (no warm-up: budgets are a few dozen steps). The CLI defaults it to the checkpoint's
    /// training rate, the largest rate the weights are known to tolerate.
    /// </summary>
    public double Lr { get; init; } = 1e-4;

    public TttParams Params { get; init; } = TttParams.All;

    /// <summary>B·L budget of one TTT batch; a task whose leave-one-out sequences exceed it spreads over several batches.</summary>
    public int TokensPerBatch { get; init; } = 8192;

    /// <summary>Leave-one-out sequences longer than this are left out (attention costs L²); a task with none left is not adapted.</summary>
    public int MaxSequenceLength { get; init; } = int.MaxValue;

    /// <summary>The layout the model was trained in (the checkpoint's data.context_layout): TTT sequences use the same.</summary>
    public HrmSharp.Encoding.Context.ContextLayout Layout { get; init; } = HrmSharp.Encoding.Context.ContextLayout.Packed;

    /// <summary>Whether a task's augmentations include random symmetries (the checkpoint's data.augment_dihedral): a model
    /// trained without them reads a turned task as another rule, so fine-tuning on turned copies would mix rules.</summary>
    public bool AugmentDihedral { get; init; } = true;

    /// <summary>With the task id, seeds a task's augmentations and ACT exploration, so tasks are independent of order.</summary>
    public int Seed { get; init; }

    /// <summary>False when neither budget is set: predict with the checkpoint's weights as they are.</summary>
    public bool Enabled => Steps > 0 || Minutes > 0;

    /// <summary>Throws an <see cref="HrmException"/> listing every bad setting.</summary>
    public void Validate()
    {
        var problems = new List<string>();
        if (Steps < 0) problems.Add($"--ttt-steps must not be negative, got {Steps}");
        if (!(Minutes >= 0) || double.IsInfinity(Minutes)) problems.Add($"--ttt-minutes must be a finite number ≥ 0, got {Minutes}");
        if (!(Lr > 0) || double.IsInfinity(Lr)) problems.Add($"--ttt-lr must be a finite number > 0, got {Lr}");
        if (!Enum.IsDefined(Params)) problems.Add($"unknown TTT parameter subset {Params}");
        if (TokensPerBatch < 64) problems.Add($"TTT tokens per batch must be at least 64, got {TokensPerBatch}");
        if (MaxSequenceLength < 1) problems.Add($"TTT max sequence length must be at least 1, got {MaxSequenceLength}");
        HrmException.ThrowIfAny(problems);
    }
}
