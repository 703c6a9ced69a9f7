namespace HrmSharp.Experiments;

/// <summary>
/// One line of the results: the run's and evaluation's settings, the training actually done (steps, minutes, both
/// including resumed parts), the mean training loss over the last tenth of its logged steps (null when none was logged;
/// it separates runs whose held-out metrics are all zero), the metrics (by summary key; missing keys are absent) and the network's parameter count
/// (the puzzle-embedding table excluded: it is the same for every core and scales with the data, not the model).
/// </summary>
public sealed record AblationRow(AblationPoint Run, AblationPoint Evaluation, long Steps, double TrainMinutes, double? FinalLoss,
    IReadOnlyDictionary<string, double> Metrics, long Params)
{
    /// <summary>The value of <paramref name="key"/> in this row, from the run or the evaluation settings.</summary>
    public string? ValueOf(string key) => Run.ValueOf(key) ?? Evaluation.ValueOf(key);
}
