namespace HrmSharp.Tests.Data;

/// <summary>`hrm data validate|stats|show` run in-process on tiny files.</summary>
public class DataCommandTests
{
    [Fact]
    public void ValidateAValidFolderExitsZeroWithASummary()
    {
        using var dir = new TempDir();
        dir.Write("a.json", TestTasks.ValidJson);
        dir.Write("b.json", TestTasks.ValidJson);

        var (exit, r) = RecordingReporter.Run("data", "validate", dir.Path);

        Assert.Equal(0, exit);
        Assert.Empty(r.Errors);
        Assert.Contains("valid: 2 tasks (4 demo pairs, 2 test inputs) in 2 files", Assert.Single(r.Infos));
    }

    [Fact]
    public void ValidateListsEveryProblemOneLineEachAndExitsTwo()
    {
        using var dir = new TempDir();
        dir.Write("good.json", TestTasks.ValidJson);
        dir.Write("bad.json", """{"train": [{"input": [[1]], "output": [[1]]}, {"input": [[1]], "output": [[1], [2], [3], [12]]}], "test": [{"input": [[1, 2], [3]]}]}""");
        dir.Write("worse.json", "{\"train\": [}");

        var (exit, r) = RecordingReporter.Run("data", "validate", dir.Path);

        Assert.Equal(2, exit);
        Assert.Equal(3, r.Errors.Count);
        Assert.Equal("bad.json: task bad, train[1].output row 3: colour 12 outside 0..9 (column 0)", r.Errors[0]);
        Assert.Equal("bad.json: task bad, test[0].input row 1: 1 cell but row 0 has 2 (ragged grid)", r.Errors[1]);
        Assert.StartsWith("worse.json: invalid JSON at line 1, column 12: ", r.Errors[2]);
        Assert.Contains("3 problems in 2 of 3 files; 1 tasks are valid", Assert.Single(r.Infos));
        Assert.DoesNotContain(r.AllLines, l => l.Contains("   at ", StringComparison.Ordinal)); // no stack trace
    }

    [Fact]
    public void StatsOnBadDataIsBadInputWithEveryProblem()
    {
        using var dir = new TempDir();
        dir.Write("x.json", """{"train": [], "test": [{"input": [[1]]}]}""");
        dir.Write("y.json", """{"train": [{"input": [[1]], "output": [[99]]}], "test": [{"input": [[1]]}]}""");

        var (exit, r) = RecordingReporter.Run("data", "stats", dir.Path);

        Assert.Equal(2, exit);
        Assert.Equal(["x.json: task x: no demonstration pairs (\"train\" is empty)",
                      "y.json: task y, train[0].output row 0: colour 99 outside 0..9 (column 0)"], r.Errors);
    }

    [Fact]
    public void StatsPrintsCountsHistogramAndTokenTable()
    {
        using var dir = new TempDir();
        dir.Write("a.json", TestTasks.ValidJson);

        var (exit, r) = RecordingReporter.Run("data", "stats", dir.Path);

        Assert.Equal(0, exit);
        Assert.Contains(r.Infos, l => l.EndsWith(": 1 tasks, 2 demo pairs, 1 test pairs", StringComparison.Ordinal));
        // One sequence: real 4+4+1+1+3+3 = 16 cells, padded 6·900 = 5400, token ratio 337.50.
        Assert.Contains(r.Rendered, l => l.Contains("real cells") && l.Contains("16") && l.Contains("337.50"));
        Assert.Contains(r.Rendered, l => l.Contains("1-5") && l.Contains("100.0%"));
        Assert.Contains(r.Infos, l => l.Contains("holds 1 of 1 answers (100.0%"));
    }

    [Fact]
    public void ShowDrawsEveryPair()
    {
        using var dir = new TempDir();
        dir.Write("a.json", TestTasks.ValidJson);
        dir.Write("b.json", TestTasks.ValidJson);

        var (exit, r) = RecordingReporter.Run("data", "show", dir.Path, "a", "--digits");

        Assert.Equal(0, exit);
        Assert.Equal("task a: 2 demo pairs, 1 test input", Assert.Single(r.Infos));
        Assert.Contains(r.Rendered, l => l.StartsWith("train[0]  2x2 -> 2x2", StringComparison.Ordinal));
        Assert.Contains(r.Rendered, l => l.StartsWith("test[0]  1x3 -> 1x3", StringComparison.Ordinal));
        // With --digits the cells read " 1 2" (input) and " 4 3" (output) on the first row of train[0].
        Assert.Contains(r.Rendered, l => l.Contains(" 1 2") && l.Contains(" 4 3"));
    }

    [Fact]
    public void ShowAnUnknownTaskOrAmbiguousPathIsBadInput()
    {
        using var dir = new TempDir();
        dir.Write("a.json", TestTasks.ValidJson);
        dir.Write("b.json", TestTasks.ValidJson);

        var (exit, r) = RecordingReporter.Run("data", "show", dir.Path, "nope");
        Assert.Equal(2, exit);
        Assert.Equal($"task nope not found in {dir.Path} (2 tasks)", Assert.Single(r.Errors));

        (exit, r) = RecordingReporter.Run("data", "show", dir.Path);
        Assert.Equal(2, exit);
        Assert.StartsWith($"{dir.Path} holds 2 tasks; name one", Assert.Single(r.Errors));

        (exit, _) = RecordingReporter.Run("data", "show", Path.Combine(dir.Path, "a.json"));
        Assert.Equal(0, exit);
    }

    [Fact]
    public void UnknownOptionsAndMissingPathsAreBadInput()
    {
        var (exit, r) = RecordingReporter.Run("data", "validate", ".", "--frobnicate");
        Assert.Equal(2, exit);
        Assert.Contains(r.Errors, l => l.Contains("--frobnicate"));

        (exit, r) = RecordingReporter.Run("data", "validate", "/definitely/not/here");
        Assert.Equal(2, exit);
        Assert.Equal(["/definitely/not/here: no such file or folder"], r.Errors);
    }
}
