using HrmSharp.Data.Maze;

namespace HrmSharp.Tests.Data.Maze;

public class DataMazeCommandTests
{
    [Fact]
    public void WritesTheRequestedMazesWithProgress()
    {
        using var dir = new TempDir();
        string file = dir.File("m.csv");
        var (exit, rep) = RecordingReporter.Run("data", "maze", "--count", "12", "--size", "30", "--out", file, "--seed", "2", "--min-path", "120");
        Assert.Equal(0, exit);
        Assert.Empty(rep.Errors);
        var mazes = MazeCsv.Read(file);
        Assert.Equal(12, mazes.Count);
        Assert.All(mazes, m => Assert.True(m.PathLength >= 120));
        Assert.All(mazes, m => Assert.Equal(m.PathLength, MazeText.Distance(MazeSymbols.Format(m.Question))));
        Assert.All(mazes, m => Assert.Equal((30, 30), (m.Question.Rows, m.Question.Cols)));
        Assert.Equal(12, rep.ProgressDone);
        Assert.Contains(rep.Infos, l => l.StartsWith($"wrote 12 30x30 mazes to {file}"));
    }

    [Fact]
    public void SameSeedGivesTheSameFile()
    {
        using var dir = new TempDir();
        Assert.Equal(0, RecordingReporter.Run("data", "maze", "--count", "6", "--size", "11", "--out", dir.File("a.csv"), "--seed", "9").Exit);
        Assert.Equal(0, RecordingReporter.Run("data", "maze", "--count", "6", "--size", "11", "--out", dir.File("b.csv"), "--seed", "9").Exit);
        Assert.Equal(File.ReadAllBytes(dir.File("a.csv")), File.ReadAllBytes(dir.File("b.csv")));
        Assert.All(MazeCsv.Read(dir.File("a.csv")), m => Assert.Equal(11, m.Question.Rows));
    }

    [Theory]
    [InlineData("size 4 is outside 5..30", "--size", "4")]
    [InlineData("size 31 is outside 5..30", "--size", "31")]
    [InlineData("count 0 must be at least 1", "--count", "0")]
    [InlineData("min-path -2 is negative", "--min-path", "-2")]
    public void BadNumbersExitWithCode2AndSayWhy(string message, params string[] extra)
    {
        using var dir = new TempDir();
        string file = dir.File("m.csv");
        var (exit, rep) = RecordingReporter.Run(["data", "maze", "--out", file, .. extra]);
        Assert.Equal(2, exit);
        Assert.Contains(message, rep.Errors);
        Assert.False(File.Exists(file));
    }

    [Fact]
    public void ImpossibleMinPathExitsWithCode2()
    {
        using var dir = new TempDir();
        var (exit, rep) = RecordingReporter.Run("data", "maze", "--count", "2", "--size", "7", "--min-path", "45", "--out", dir.File("m.csv"));
        Assert.Equal(2, exit);
        Assert.Single(rep.Errors);
        Assert.Contains("lower min-path", rep.Errors[0]);
    }
}
