
namespace HrmSharp.Data.Maze;

/// <summary>
/// Maze-Hard CSV: <c>source,question,answer,rating</c>; question and answer are N·N characters over "# SGo", row-major,
/// 'o' marking the shortest path in the answer; rating is the path length in steps.
/// </summary>
public static class MazeCsv
{
    public static List<MazePuzzle> Read(string path) => PuzzleCsv.Read(path, Parse);

    public static void Write(string path, IEnumerable<MazePuzzle> mazes) =>
        PuzzleCsv.WriteAtomic(path, mazes.Select(m => (m.Source, MazeSymbols.Format(m.Question), MazeSymbols.Format(m.Answer), (long)m.PathLength)));

    private static MazePuzzle Parse(PuzzleCsvRow row)
    {
        Grid question, answer;
        try { question = MazeSymbols.Parse(row.Question); }
        catch (FormatException ex) { throw new FormatException($"question {ex.Message}"); }
        try { answer = MazeSymbols.Parse(row.Answer); }
        catch (FormatException ex) { throw new FormatException($"answer {ex.Message}"); }
        long rating = PuzzleCsv.ParseRating(row.Rating);
        if (rating > int.MaxValue) throw new FormatException($"rating {rating} is too large");
        return new MazePuzzle(question, answer, (int)rating, row.Source);
    }
}
