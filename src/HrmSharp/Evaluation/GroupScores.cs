namespace HrmSharp.Evaluation;

/// <summary>
/// One group's scores in a <see cref="FamilyBreakdown"/>. Pass rates are over <see cref="ScoredTasks"/> (every test
/// output known) as in <see cref="ArcEvaluationResult"/>; size and token accuracy over the <see cref="Answers"/>
/// identity-view answers with a known output (token accuracy pooled over their canvas cells, colour accuracy over the true answers' cells, as <see cref="AnswerTally"/>).
/// </summary>
public sealed record GroupScores(
    string Name, string Category, int Tasks, int ScoredTasks, double PassAt1, double PassAt2,
    int Answers, double SizeAccuracy, double TokenAccuracy, double ColourAccuracy = 0);
