namespace HrmSharp.Encoding.Context;

/// <summary>
/// How a predicted canvas compares with the known answer, with size and cells apart (a wrong size and
/// wrong colours are different failures):
/// <list type="bullet">
/// <item><see cref="SizeCorrect"/>: the decoded size equals the answer's.</item>
/// <item><see cref="CellsCorrect"/>: every answer cell has its colour predicted at its place (whatever the decoded size);
/// false when the answer does not fit the canvas.</item>
/// <item><see cref="Exact"/>: the decoded grid equals the answer (both of the above).</item>
/// <item><see cref="TokensRight"/> of <see cref="Tokens"/>: canvas cells whose predicted token equals the label
/// (colour or OUTSIDE/EOS): the per-token accuracy on the canvas.</item>
/// <item><see cref="AnswerCellsRight"/> of <see cref="AnswerCells"/>: the true answer's cells (those on the canvas) whose
/// colour is predicted right: the colour accuracy, blind to the size and to the easy OUTSIDE cells.</item>
/// </list>
/// </summary>
public sealed record AnswerScore(bool SizeCorrect, bool CellsCorrect, int TokensRight, int Tokens, int AnswerCellsRight = 0, int AnswerCells = 0)
{
    public bool Exact => SizeCorrect && CellsCorrect;
}
