namespace HrmSharp.Data.Sudoku;

/// <summary>
/// Sudoku-Extreme CSV: <c>source,question,answer,rating</c>; question and answer are 81 characters row-major,
/// blanks '.' (or '0' on read), rating an integer (solver effort).
/// </summary>
public static class SudokuCsv
{
    public static List<SudokuPuzzle> Read(string path) => PuzzleCsv.Read(path, Parse);

    public static void Write(string path, IEnumerable<SudokuPuzzle> puzzles) =>
        PuzzleCsv.WriteAtomic(path, puzzles.Select(p => (p.Source, SudokuRules.Format(p.Question), SudokuRules.Format(p.Solution), p.Effort)));

    private static SudokuPuzzle Parse(PuzzleCsvRow row)
    {
        Grid question, answer;
        try { question = SudokuRules.Parse(row.Question); }
        catch (FormatException ex) { throw new FormatException($"question {ex.Message}"); }
        try { answer = SudokuRules.Parse(row.Answer); }
        catch (FormatException ex) { throw new FormatException($"answer {ex.Message}"); }
        return new SudokuPuzzle(question, answer, PuzzleCsv.ParseRating(row.Rating), row.Source);
    }
}
