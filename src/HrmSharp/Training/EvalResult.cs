using System.Text.Json.Nodes;
using HrmSharp.Evaluation;

namespace HrmSharp.Training;

/// <summary>
/// An evaluation's outcome: headline numbers (token_accuracy, exact_accuracy, pass@k ...; fractions in [0, 1]),
/// the full per-example or per-task report, an ARC Prize submission when the set produces one, and settings that are
/// words rather than numbers (e.g. ttt_params), written into summary.json next to the numbers.
/// </summary>
public sealed record EvalResult(IReadOnlyDictionary<string, double> Summary, JsonObject Report, JsonNode? Submission = null,
    IReadOnlyDictionary<string, string>? Labels = null)
{
    /// <summary>Things the user should know about this evaluation (e.g. test inputs skipped as too long), one line each.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>Per-family/category scores by set prefix ("train", "eval"), for sets of generated tasks; written into summary.json.</summary>
    public IReadOnlyDictionary<string, FamilyBreakdown> Breakdowns { get; init; } = new Dictionary<string, FamilyBreakdown>();
}
