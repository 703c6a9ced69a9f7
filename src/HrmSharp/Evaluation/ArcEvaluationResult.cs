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
    IReadOnlyList<ArcTaskReport> TaskReports)
{
    /// <summary>Test inputs that got a first attempt.</summary>
    public int Answers => FirstAttempts.Count();

    /// <summary>How many different grids the first attempts are: a constant predictor shows itself as a handful.</summary>
    public int DistinctAnswers => FirstAttempts.Distinct().Count();

    /// <summary>First attempts that are a single colour throughout (an all-background canvas, the usual collapse).</summary>
    public int SingleColourAnswers => FirstAttempts.Count(g => !g.Cells.ContainsAnyExcept(g.Cells[0]));

    private IEnumerable<Data.Grid> FirstAttempts => TaskReports.SelectMany(t => t.Tests).Where(t => t.Attempts.Count > 0).Select(t => t.Attempts[0].Grid);
}
