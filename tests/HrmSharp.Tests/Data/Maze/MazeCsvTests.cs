using HrmSharp.Data.Maze;

namespace HrmSharp.Tests.Data.Maze;

public class MazeCsvTests
{
    private const string Q = "#####" + "#S  #" + "# # #" + "#  G#" + "#####";
    private const string A = "#####" + "#Soo#" + "# #o#" + "#  G#" + "#####";

    [Fact]
    public void WriteThenReadGivesTheSameMazes()
    {
        using var dir = new TempDir();
        var rng = new Random(2);
        var mazes = Enumerable.Range(0, 4).Select(_ => MazeGenerator.Generate(rng, new MazeGeneratorOptions())).ToList();
        string file = dir.File("m.csv");
        MazeCsv.Write(file, mazes);
        Assert.Equal(mazes, MazeCsv.Read(file));
        var lines = File.ReadAllLines(file);
        Assert.Equal("source,question,answer,rating", lines[0]);
        var fields = lines[1].Split(',');
        Assert.Equal(900, fields[1].Length);
        Assert.Equal(900, fields[2].Length);
        Assert.Equal(mazes[0].PathLength.ToString(), fields[3]);
        Assert.False(File.Exists(file + ".tmp"));
    }

    [Fact]
    public void ReadsAHandWrittenRow()
    {
        using var dir = new TempDir();
        string file = dir.File("m.csv");
        File.WriteAllLines(file, ["source,question,answer,rating", $"hand,{Q},{A},4"]);
        var m = Assert.Single(MazeCsv.Read(file));
        Assert.Equal(4, m.PathLength);
        Assert.Equal((5, 5), (m.Question.Rows, m.Question.Cols));
        Assert.Equal(MazeSymbols.Start, m.Question[1, 1]);
        Assert.Equal(MazeSymbols.Path, m.Answer[2, 3]);
        Assert.Equal(MazeSymbols.Wall, m.Answer[0, 0]);
        Assert.Equal(MazeSymbols.Open, m.Answer[3, 1]);
    }

    [Theory]
    [InlineData("{Q}#", "{A}", "4", "question has 26 characters; expected N*N")]
    [InlineData("{Qx}", "{A}", "4", "question 'x' is not a maze character")]
    [InlineData("{QSS}", "{A}", "4", "expected one of each")]
    [InlineData("{Qo}", "{A}", "4", "question has 'o' at row 1, column 2")]
    [InlineData("{Q}", "{Awall}", "4", "answer has ' ' at row 0, column 1 where the question has '#'")]
    [InlineData("{Q}", "{A}", "-4", "rating '-4' is not a non-negative integer")]
    public void BadRowsNameTheFileAndLine(string q, string a, string rating, string message)
    {
        using var dir = new TempDir();
        string file = dir.File("bad.csv");
        string Fill(string s) => s.Replace("{Qx}", Q.Replace('G', 'x')).Replace("{QSS}", Q.Replace("S ", "SS"))
            .Replace("{Qo}", Q.Replace("S ", "So")).Replace("{Awall}", "# " + A[2..]).Replace("{Q}", Q).Replace("{A}", A);
        File.WriteAllLines(file, ["source,question,answer,rating", $"ok,{Q},{A},4", $"bad,{Fill(q)},{Fill(a)},{rating}"]);
        var ex = Assert.Throws<HrmException>(() => MazeCsv.Read(file));
        var problem = Assert.Single(ex.Problems);
        Assert.StartsWith($"{file}:3: ", problem);
        Assert.Contains(message, problem);
    }

    [Fact]
    public void SymbolTableRoundTrips()
    {
        foreach (char ch in MazeSymbols.Charset)
            Assert.Equal(ch, MazeSymbols.ToChar(MazeSymbols.ToColour(ch)));
        Assert.Equal(5, MazeSymbols.Charset.Select(MazeSymbols.ToColour).Distinct().Count());
        Assert.Equal(0, MazeSymbols.ToColour(' '));
    }
}
