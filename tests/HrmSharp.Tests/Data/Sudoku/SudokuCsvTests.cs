using HrmSharp.Data;
using HrmSharp.Data.Sudoku;

namespace HrmSharp.Tests.Data.Sudoku;

public class SudokuCsvTests
{
    private const string Q = "53..7....6..195....98....6.8...6...34..8.3..17...2...6.6....28....419..5....8..79";
    private const string A = "534678912672195348198342567859761423426853791713924856961537284287419635345286179";

    [Fact]
    public void WriteThenReadGivesTheSamePuzzles()
    {
        using var dir = new TempDir();
        var rng = new Random(3);
        var puzzles = Enumerable.Range(0, 5).Select(_ => SudokuGenerator.Generate(rng, new SudokuGeneratorOptions())).ToList();
        puzzles.Add(new SudokuPuzzle(SudokuRules.Parse(Q), SudokuRules.Parse(A), 7, "needs \"quotes\", and a comma"));
        string file = dir.File("s.csv");
        SudokuCsv.Write(file, puzzles);

        Assert.Equal(puzzles, SudokuCsv.Read(file));
        Assert.False(File.Exists(file + ".tmp"));
        var lines = File.ReadAllLines(file);
        Assert.Equal("source,question,answer,rating", lines[0]);
        Assert.Equal($"\"needs \"\"quotes\"\", and a comma\",{Q},{A},7", lines[^1]);
    }

    [Fact]
    public void ReadsZeroBlanksCrLfAndABom()
    {
        using var dir = new TempDir();
        string file = dir.File("s.csv");
        File.WriteAllText(file, "\uFEFFsource,question,answer,rating\r\nx," + Q.Replace('.', '0') + "," + A + ",12\r\n\r\n",
            new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        var p = Assert.Single(SudokuCsv.Read(file));
        Assert.Equal(Q, SudokuRules.Format(p.Question));
        Assert.Equal(A, SudokuRules.Format(p.Solution));
        Assert.Equal(12, p.Effort);
        Assert.Equal("x", p.Source);
        Assert.Equal(30, p.Clues);
    }

    [Fact]
    public void OverwritesAnExistingFile()
    {
        using var dir = new TempDir();
        string file = dir.File("s.csv");
        File.WriteAllText(file, "old content that is longer than the new file will be ... ".PadRight(10000, 'x'));
        SudokuCsv.Write(file, [new SudokuPuzzle(SudokuRules.Parse(Q), SudokuRules.Parse(A), 0, "s")]);
        Assert.Single(SudokuCsv.Read(file));
    }

    [Theory]
    [InlineData("x,{Q}.,{A},1", "question has 82 characters; expected 81")]
    [InlineData("x,{Qx},{A},1", "question has 'x' at position 3")]
    [InlineData("x,{Q},{A0},1", "answer is not a solved sudoku")]
    [InlineData("x,{Q},{Aswap},1", "answer is not a solved sudoku")]
    [InlineData("x,{Qwrong},{A},1", "answer contradicts a clue")]
    [InlineData("x,{Q},{A},hard", "rating 'hard' is not a non-negative integer")]
    [InlineData("x,{Q},{A}", "has 3 fields; expected 4")]
    [InlineData("\"x,{Q},{A},1", "unterminated quoted field")]
    public void BadRowsNameTheFileAndLine(string row, string message)
    {
        using var dir = new TempDir();
        string file = dir.File("bad.csv");
        string bad = row.Replace("{Qx}", Q[..2] + "x" + Q[3..]).Replace("{Qwrong}", "9" + Q[1..])
            .Replace("{A0}", "0" + A[1..]).Replace("{Aswap}", A[1] + A[..1] + A[2..])
            .Replace("{Q}", Q).Replace("{A}", A);
        File.WriteAllLines(file, ["source,question,answer,rating", $"ok,{Q},{A},1", bad]);
        var ex = Assert.Throws<HrmException>(() => SudokuCsv.Read(file));
        var problem = Assert.Single(ex.Problems);
        Assert.StartsWith($"{file}:3: ", problem);
        Assert.Contains(message, problem);
    }

    [Fact]
    public void EveryBadRowIsReportedUpToACap()
    {
        using var dir = new TempDir();
        string file = dir.File("bad.csv");
        var rows = new List<string> { "source,question,answer,rating" };
        rows.AddRange(Enumerable.Range(0, 25).Select(i => $"r{i},{Q},{A},x"));
        File.WriteAllLines(file, rows);
        var ex = Assert.Throws<HrmException>(() => SudokuCsv.Read(file));
        Assert.Equal(PuzzleCsv.MaxProblems + 1, ex.Problems.Count);
        Assert.StartsWith($"{file}:2: ", ex.Problems[0]);
        Assert.StartsWith($"{file}:21: ", ex.Problems[19]);
        Assert.Equal($"{file}: 5 more bad rows not shown", ex.Problems[^1]);
    }

    [Fact]
    public void WrongHeaderMissingAndEmptyFilesAreErrors()
    {
        using var dir = new TempDir();
        string file = dir.File("h.csv");
        File.WriteAllLines(file, ["quiz,solution", $"{Q},{A}"]);
        Assert.Equal($"{file}:1: header is 'quiz,solution'; expected 'source,question,answer,rating'",
            Assert.Throws<HrmException>(() => SudokuCsv.Read(file)).Message);

        File.WriteAllText(file, "");
        Assert.Contains("empty file", Assert.Throws<HrmException>(() => SudokuCsv.Read(file)).Message);

        Assert.Contains("file not found", Assert.Throws<HrmException>(() => SudokuCsv.Read(dir.File("nope.csv"))).Message);
    }

    [Fact]
    public void UnwritablePathIsAnHrmException()
    {
        using var dir = new TempDir();
        string blocker = dir.File("file");
        File.WriteAllText(blocker, "");
        var ex = Assert.Throws<HrmException>(() =>
            SudokuCsv.Write(Path.Combine(blocker, "s.csv"), [new SudokuPuzzle(SudokuRules.Parse(Q), SudokuRules.Parse(A), 0, "s")]));
        Assert.Contains("cannot write", ex.Message);
    }
}
