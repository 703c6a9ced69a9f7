using HrmSharp.Modeling;
using HrmSharp.Training;

namespace HrmSharp.Experiments;

/// <summary>An evaluation-summary key shown as a table column; every metric here is a fraction in [0, 1].</summary>
public sealed record AblationMetric(string SummaryKey, string Column)
{
    /// <summary>
    /// The columns for a kind of run, main metric first. Sudoku/maze/synthetic: exact and token accuracy. ARC with puzzle
    /// identifiers: pass@1, pass@2 and token accuracy. ARC in context: the unseen evaluation tasks' pass@2, exact, size, colour and
    /// token accuracy.
    /// </summary>
    public static IReadOnlyList<AblationMetric> For(TrainConfig config) => (config.Data.Kind, config.Data.Conditioning) switch
    {
        (DataKind.Arc, Conditioning.Context) =>
        [
            new("eval_pass@2", "pass@2"), new("eval_exact_accuracy", "exact"), new("eval_size_accuracy", "size"), new("eval_colour_accuracy", "colour_acc"),
            new("eval_token_accuracy", "token_acc"),
        ],
        (DataKind.Arc, _) => [new("pass@2", "pass@2"), new("pass@1", "pass@1"), new("token_accuracy", "token_acc")],
        _ => [new("exact_accuracy", "exact"), new("token_accuracy", "token_acc")],
    };
}
