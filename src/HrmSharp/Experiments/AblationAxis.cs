namespace HrmSharp.Experiments;

/// <summary>
/// One <c>--vary KEY=v1,v2,...</c>: a config path (each value is a separate training run) or an evaluation knob
/// (<see cref="AblationPlan.EvalSegments"/>, <see cref="AblationPlan.EvalViews"/>: one trained model, evaluated once
/// per value).
/// </summary>
public sealed record AblationAxis(string Key, IReadOnlyList<string> Values)
{
    /// <summary>True for knobs that change only evaluation.</summary>
    public bool AtEval => Key is AblationPlan.EvalSegments or AblationPlan.EvalViews;

    public override string ToString() => $"{Key}={string.Join(',', Values)}";
}
