using HrmSharp.Data.Sudoku;

namespace HrmSharp.Tests.Data.Sudoku;

public class DataSudokuCommandTests
{
    [Fact]
    public void WritesTheRequestedPuzzlesWithProgress()
    {
        using var dir = new TempDir();
        string file = dir.File("out/s.csv"); // the folder is created
        var (exit, rep) = RecordingReporter.Run("data", "sudoku", "--count", "20", "--out", file, "--seed", "3", "--min-clues", "22", "--max-clues", "28");
        Assert.Equal(0, exit);
        Assert.Empty(rep.Errors);
        var puzzles = SudokuCsv.Read(file);
        Assert.Equal(20, puzzles.Count);
        Assert.All(puzzles, p => Assert.InRange(p.Clues, 22, 28));
        Assert.All(puzzles, p => Assert.Equal(1, SudokuSolver.Solve(p.Question).Solutions));
        Assert.All(puzzles, p => Assert.Equal("hrmsharp-seed3", p.Source));
        Assert.Equal(20, rep.ProgressTotal);
        Assert.Equal(20, rep.ProgressDone);
        Assert.Contains(rep.Infos, l => l.StartsWith($"wrote 20 sudoku puzzles to {file}"));
        Assert.False(File.Exists(file + ".tmp"));
    }

    [Fact]
    public void SameSeedGivesTheSameFile()
    {
        using var dir = new TempDir();
        Assert.Equal(0, RecordingReporter.Run("data", "sudoku", "--count", "8", "--out", dir.File("a.csv"), "--seed", "5").Exit);
        Assert.Equal(0, RecordingReporter.Run("data", "sudoku", "--count", "8", "--out", dir.File("b.csv"), "--seed", "5").Exit);
        Assert.Equal(0, RecordingReporter.Run("data", "sudoku", "--count", "8", "--out", dir.File("c.csv"), "--seed", "6").Exit);
        Assert.Equal(File.ReadAllBytes(dir.File("a.csv")), File.ReadAllBytes(dir.File("b.csv")));
        Assert.NotEqual(File.ReadAllBytes(dir.File("a.csv")), File.ReadAllBytes(dir.File("c.csv")));
    }

    [Theory]
    [InlineData("count 0 must be at least 1", "--count", "0")]
    [InlineData("min-clues 25 is greater than max-clues 20", "--min-clues", "25", "--max-clues", "20")]
    [InlineData("min-clues 5 is outside 17..81", "--min-clues", "5")]
    [InlineData("min-effort -3 is negative", "--min-effort", "-3")]
    public void BadNumbersExitWithCode2AndSayWhy(string message, params string[] extra)
    {
        using var dir = new TempDir();
        string file = dir.File("s.csv");
        var (exit, rep) = RecordingReporter.Run(["data", "sudoku", "--out", file, .. extra]);
        Assert.Equal(2, exit);
        Assert.Contains(rep.Errors, e => e.StartsWith(message, StringComparison.Ordinal));
        Assert.False(File.Exists(file));
    }

    [Fact]
    public void MissingOutOrNonNumberIsAParseError()
    {
        Assert.Equal(2, RecordingReporter.Run("data", "sudoku", "--count", "3").Exit);
        var (exit, rep) = RecordingReporter.Run("data", "sudoku", "--count", "many", "--out", "x.csv");
        Assert.Equal(2, exit);
        Assert.NotEmpty(rep.Errors);
    }
}
