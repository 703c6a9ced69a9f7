using System.Text.Json.Nodes;
using HrmSharp.Reporting;
using HrmSharp.Training;
using HrmSharp.Training.Data;

namespace HrmSharp.Tests.Reporting;

/// <summary>A Sudoku evaluation's report carries its first held-out puzzles, and `hrm report` shows them with the mistakes marked.</summary>
public sealed class PuzzleReportTests
{
    private static (IFixedShapeEvalSet Set, JsonObject Report, int WrongCell) ScoredSudoku()
    {
        var config = new DataConfig { Kind = DataKind.Sudoku, TrainCount = 10, EvalCount = 15, MinClues = 30, MaxClues = 40, Seed = 2, Augmentations = 1 };
        var set = Assert.IsAssignableFrom<IFixedShapeEvalSet>(DataFactory.Create(config).Eval);
        var predictions = new ModelPredictions(set.Count, 81);
        var inputs = new int[81];
        var labels = new int[81];
        int wrongCell = -1;
        for (int i = 0; i < set.Count; i++)
        {
            set.Fill(i, inputs, labels, out _);
            labels.CopyTo(predictions.Tokens, i * 81);
            if (i == 1)
            {
                wrongCell = Array.FindIndex(inputs, t => t == 1); // the first blank: answer it with the wrong digit
                predictions.Tokens[81 + wrongCell] = labels[wrongCell] == 10 ? 2 : labels[wrongCell] + 1;
            }
        }
        return (set, set.Score(predictions).Report, wrongCell);
    }

    [Fact]
    public void TheFirstHeldOutPuzzlesAreWrittenAsTextGridsBesideTheScores()
    {
        var (set, report, wrongCell) = ScoredSudoku();
        Assert.Equal("sudoku", report["puzzle_kind"]!.GetValue<string>());
        var puzzles = report["puzzles"]!.AsArray();
        Assert.Equal(Math.Min(set.Count, ExactMatchEvalSet.ShownPuzzles), puzzles.Count);
        var second = puzzles[1]!;
        Assert.False(second["solved"]!.GetValue<bool>());
        Assert.True(puzzles[0]!["solved"]!.GetValue<bool>());
        var input = second["input"]!.AsArray().Select(r => r!.GetValue<string>()).ToList();
        var expected = second["expected"]!.AsArray().Select(r => r!.GetValue<string>()).ToList();
        var prediction = second["prediction"]!.AsArray().Select(r => r!.GetValue<string>()).ToList();
        Assert.Equal(9, input.Count);
        Assert.All(input.Concat(expected).Concat(prediction), row => Assert.Equal(9, row.Length));
        Assert.All(expected, row => Assert.Matches("^[1-9]{9}$", row)); // a solution has every digit, no blank
        Assert.Equal('.', input[wrongCell / 9][wrongCell % 9]);
        int differ = Enumerable.Range(0, 81).Count(k => prediction[k / 9][k % 9] != expected[k / 9][k % 9]);
        Assert.Equal(1, differ);
        Assert.NotEqual(expected[wrongCell / 9][wrongCell % 9], prediction[wrongCell / 9][wrongCell % 9]);
    }

    [Fact]
    public void TheReportShowsThePuzzlesWithTheWrongCellMarked()
    {
        var (_, report, _) = ScoredSudoku();
        var read = EvalReportReader.Parse(System.Text.Encoding.UTF8.GetBytes(report.ToJsonString()), "report.json");
        Assert.Equal("sudoku", read.PuzzleKind);
        Assert.Equal(ExactMatchEvalSet.ShownPuzzles, read.Puzzles.Count);
        string html = HtmlReport.Build(new ReportContent("t", "s", read, [], null, []));
        Assert.Contains("Held-out puzzles", html, StringComparison.Ordinal);
        Assert.DoesNotContain("no per-task results", html, StringComparison.Ordinal);
        Assert.Equal(1, html.Split("<td class=\"wrong\">").Length - 1);
        Assert.Equal(ExactMatchEvalSet.ShownPuzzles - 1, html.Split("<article class=\"puzzle solved\">").Length - 1);
        Assert.Equal(1, html.Split("<article class=\"puzzle unsolved\">").Length - 1);
    }

    [Fact]
    public void MalformedPuzzlesAreNamedOneByOne()
    {
        string json = """
            {"summary": {"exact_accuracy": 0.5}, "puzzles": [
              {"index": 0, "solved": true, "input": ["12", "34"], "expected": ["12", "34"], "prediction": ["12"]},
              {"solved": "yes", "input": [], "expected": ["1"], "prediction": ["1"]},
              3]}
            """;
        var ex = Assert.Throws<HrmException>(() => EvalReportReader.Parse(System.Text.Encoding.UTF8.GetBytes(json), "report.json"));
        Assert.Equal(
        [
            "report.json: puzzles[0]: \"input\", \"expected\" and \"prediction\" should be grids of one shape (rows 2x2, 2x2, 1x2)",
            "report.json: puzzles[1]: missing \"index\" (a whole number)",
            "report.json: puzzles[1]: missing \"solved\" (true or false)",
            "report.json: puzzles[1]: \"input\" should be a non-empty list of text rows",
            "report.json: puzzles[2]: expected a puzzle object, found the number 3",
        ], ex.Problems);
    }
}
