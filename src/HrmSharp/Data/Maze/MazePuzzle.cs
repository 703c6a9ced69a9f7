namespace HrmSharp.Data.Maze;

/// <summary>
/// A maze (walls, open cells, one start, one goal; colours per <see cref="MazeSymbols"/>), the answer with one
/// shortest path marked, and its length in steps (moves between 4-adjacent cells from S to G; the Maze-Hard "rating").
/// </summary>
public sealed record MazePuzzle
{
    public Grid Question { get; }
    public Grid Answer { get; }
    public int PathLength { get; }
    public string Source { get; }

    public MazePuzzle(Grid question, Grid answer, int pathLength, string source)
    {
        if (question.Rows != answer.Rows || question.Cols != answer.Cols)
            throw new ArgumentException($"question is {question.Rows}x{question.Cols} but answer is {answer.Rows}x{answer.Cols}");
        int starts = 0, goals = 0;
        for (int i = 0; i < question.Count; i++)
        {
            byte q = question.Cells[i];
            if (q == MazeSymbols.Start) starts++;
            else if (q == MazeSymbols.Goal) goals++;
            else if (q is not (MazeSymbols.Open or MazeSymbols.Wall))
                throw new ArgumentException($"question has '{MazeSymbols.ToChar(q)}' at row {i / question.Cols}, column {i % question.Cols}; expected one of \"# SG\"");
        }
        if (starts != 1 || goals != 1) throw new ArgumentException($"question has {starts} start(s) 'S' and {goals} goal(s) 'G'; expected one of each");
        for (int i = 0; i < question.Count; i++)
        {
            byte q = question.Cells[i], a = answer.Cells[i];
            if (a != q && !(q == MazeSymbols.Open && a == MazeSymbols.Path))
                throw new ArgumentException($"answer has '{MazeSymbols.ToChar(a)}' at row {i / question.Cols}, column {i % question.Cols} " +
                                            $"where the question has '{MazeSymbols.ToChar(q)}'");
        }
        if (pathLength < 0) throw new ArgumentException($"rating {pathLength} is negative");
        Question = question;
        Answer = answer;
        PathLength = pathLength;
        Source = source;
    }

    /// <summary>The shared example type: maze in, maze with the path marked out.</summary>
    public Pair ToPair() => new(Question, Answer);

    /// <summary>A task with no demos and one test pair, so encoders treat mazes like ARC.</summary>
    public ArcTask ToTask(string id) => new(id, [], [ToPair()]);

    /// <summary>The task id of the maze at <paramref name="index"/> in a file: maze-000123.</summary>
    public static string TaskId(int index) => $"maze-{index:D6}";
}
