namespace HrmSharp.Evaluation;

/// <summary>
/// Scores of one ARC evaluation. Pass rates are over <see cref="ScoredTasks"/> (tasks whose every test output is known):
/// <see cref="PassAtK"/> counts a task when all its test inputs are right within k attempts (HRM's protocol),
/// <see cref="FractionalPassAtK"/> gives each task the share of its test inputs right within k (TRM's). Token and exact
/// accuracy are over the un-augmented (identity) predictions, on the 900-token canvas (colours and EOS border).
/// </summary>
public sealed record ArcEvaluationResult(
    int Tasks,
    int ScoredTasks,
    IReadOnlyDictionary<int, double> PassAtK,
    IReadOnlyDictionary<int, double> FractionalPassAtK,
    double TokenAccuracy,
    double ExactAccuracy,
    int IdentitySequences,
    long Predictions,
    long InvalidPredictions,
    IReadOnlyList<ArcTaskReport> TaskReports);
