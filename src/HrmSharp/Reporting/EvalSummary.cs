namespace HrmSharp.Reporting;

/// <summary>
/// The headline numbers of an evaluation report as written (fractions in [0, 1]); null where the report has none.
/// <see cref="Values"/> keeps every numeric summary field, flattened ("pass@k": {"1": x} becomes "pass@1"), in file order.
/// </summary>
public sealed record EvalSummary(
    IReadOnlyDictionary<int, double> PassAtK,
    double? TokenAccuracy,
    double? ExactAccuracy,
    IReadOnlyList<KeyValuePair<string, double>> Values)
{
    public static EvalSummary Empty { get; } = new(new Dictionary<int, double>(), null, null, []);
}
