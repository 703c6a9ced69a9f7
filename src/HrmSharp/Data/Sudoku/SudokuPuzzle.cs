namespace HrmSharp.Data.Sudoku;

/// <summary>
/// A 9×9 Sudoku: the question (0 = blank, 1..9 = clue), its solution, and the solver effort (the Sudoku-Extreme
/// "rating" column: for puzzles generated here, <see cref="SudokuSolveResult.Guesses"/> to solve and prove uniqueness).
/// </summary>
public sealed record SudokuPuzzle
{
    public Grid Question { get; }
    public Grid Solution { get; }
    public long Effort { get; }
    public string Source { get; }

    public SudokuPuzzle(Grid question, Grid solution, long effort, string source)
    {
        if (question.Rows != 9 || question.Cols != 9) throw new ArgumentException($"question is {question.Rows}x{question.Cols}; a sudoku is 9x9");
        if (!SudokuRules.IsSolved(solution)) throw new ArgumentException("answer is not a solved sudoku (each row, column and box must hold 1-9 once)");
        if (!SudokuRules.Agrees(question, solution)) throw new ArgumentException("answer contradicts a clue of the question");
        if (effort < 0) throw new ArgumentException($"rating {effort} is negative");
        Question = question;
        Solution = solution;
        Effort = effort;
        Source = source;
    }

    public int Clues
    {
        get
        {
            int n = 0;
            foreach (var v in Question.Cells) if (v != 0) n++;
            return n;
        }
    }

    /// <summary>The shared example type: 9×9 input with 0 for blanks, output the solution.</summary>
    public Pair ToPair() => new(Question, Solution);

    /// <summary>A task with no demos and one test pair, so encoders treat Sudoku like ARC.</summary>
    public ArcTask ToTask(string id) => new(id, [], [ToPair()]);

    /// <summary>The task id of the puzzle at <paramref name="index"/> in a file: sudoku-000123.</summary>
    public static string TaskId(int index) => $"sudoku-{index:D6}";
}
