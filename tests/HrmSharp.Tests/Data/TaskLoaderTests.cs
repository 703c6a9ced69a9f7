using HrmSharp.Data;

namespace HrmSharp.Tests.Data;

public class TaskLoaderTests
{
    [Fact]
    public void LoadsAFolderRecursivelyWithIdsFromFileNames()
    {
        using var dir = new TempDir();
        dir.Write("a1.json", TestTasks.ValidJson);
        dir.Write("sub/b2.json", TestTasks.ValidJson.Replace("[[5]]", "[[6]]"));

        var tasks = TaskLoader.Load(dir.Path);

        Assert.Equal(["a1", "b2"], tasks.Select(t => t.Id));
        var a = tasks[0];
        Assert.Equal(2, a.Train.Count);
        Assert.Equal(Grid.FromRows([1, 2], [3, 4]), a.Train[0].Input);
        Assert.Equal(Grid.FromRows([4, 3], [2, 1]), a.Train[0].Output);
        Assert.Equal(Grid.FromRows([0, 1, 2]), a.Test[0].Input);
        Assert.Equal(Grid.FromRows([2, 1, 0]), a.Test[0].Output);
        Assert.Equal(Grid.FromRows([6]), tasks[1].Train[1].Input);
    }

    [Fact]
    public void LoadsASingleTaskFileWithAnUnansweredTestAndAName()
    {
        using var dir = new TempDir();
        // A byte-order mark and a "name" key both occur in published files.
        string path = dir.Write("t.json", "\uFEFF" + """{"name": "x", "train": [{"input": [[1]], "output": [[2]]}], "test": [{"input": [[3]]}]}""");

        var task = Assert.Single(TaskLoader.Load(path));

        Assert.Equal("t", task.Id);
        Assert.Null(task.Test[0].Output);
    }

    [Fact]
    public void LoadsKaggleChallengesWithTheSolutionsBesideThem()
    {
        using var dir = new TempDir();
        string challenges = dir.Write("arc-agi_evaluation_challenges.json", """
            {"t1": {"train": [{"input": [[1]], "output": [[2]]}], "test": [{"input": [[3]]}, {"input": [[4]]}]},
             "t2": {"train": [{"input": [[5]], "output": [[6]]}], "test": [{"input": [[7]]}]}}
            """);
        dir.Write("arc-agi_evaluation_solutions.json", """{"t1": [[[8]], [[9, 9]]], "t2": [[[0]]]}""");

        var tasks = TaskLoader.Load(challenges);

        Assert.Equal(["t1", "t2"], tasks.Select(t => t.Id));
        Assert.Equal(Grid.FromRows([8]), tasks[0].Test[0].Output);
        Assert.Equal(Grid.FromRows([9, 9]), tasks[0].Test[1].Output);
        Assert.Equal(Grid.FromRows([0]), tasks[1].Test[0].Output);
        // The same folder loads the pair once (the solutions file is not read as tasks of its own).
        Assert.Equal(2, TaskLoader.Load(dir.Path).Count);
    }

    [Fact]
    public void ChallengesWithoutSolutionsHaveNoTestOutputs_AndAnExplicitSolutionsFileIsUsed()
    {
        using var dir = new TempDir();
        string challenges = dir.Write("c.json", """{"t1": {"train": [{"input": [[1]], "output": [[2]]}], "test": [{"input": [[3]]}]}}""");
        string solutions = dir.Write("answers.json", """{"t1": [[[4]]]}""");

        Assert.Null(Assert.Single(TaskLoader.Load(challenges)).Test[0].Output);
        Assert.Equal(Grid.FromRows([4]), Assert.Single(TaskLoader.Load(challenges, solutions)).Test[0].Output);
    }

    public static TheoryData<string, string> BadTasks => new()
    {
        // Each: a pair list for "train" (the test is valid), and the one expected problem line.
        { """[{"input": [[1, 2, 3], [4, 5]], "output": [[1]]}]""", "bad.json: task bad, train[0].input row 1: 2 cells but row 0 has 3 (ragged grid)" },
        { """[{"input": [], "output": [[1]]}]""", "bad.json: task bad, train[0].input: empty grid (no rows)" },
        { """[{"input": [[]], "output": [[1]]}]""", "bad.json: task bad, train[0].input row 0: empty row" },
        { """[{"input": [[1]], "output": [[1]]}, {"input": [[1]], "output": [[0], [1], [2], [12]]}]""",
            "bad.json: task bad, train[1].output row 3: colour 12 outside 0..9 (column 0)" },
        { """[{"input": [[1, -1]], "output": [[1]]}]""", "bad.json: task bad, train[0].input row 0: colour -1 outside 0..9 (column 1)" },
        { """[{"input": [[1, 1.5]], "output": [[1]]}]""", "bad.json: task bad, train[0].input row 0: 1.5 is not an integer colour (column 1)" },
        { """[{"input": [[1, "2"]], "output": [[1]]}]""", "bad.json: task bad, train[0].input row 0: \"2\" is not an integer colour (column 1)" },
        { """[{"input": [[null]], "output": [[1]]}]""", "bad.json: task bad, train[0].input row 0: null is not an integer colour (column 0)" },
        { """[{"input": [[1], 2], "output": [[1]]}]""", "bad.json: task bad, train[0].input row 1: expected a list of colours, found 2" },
        { """[{"input": "x", "output": [[1]]}]""", "bad.json: task bad, train[0].input: expected a list of rows, found \"x\"" },
        { """[{"input": [[1]]}]""", "bad.json: task bad, train[0]: missing \"output\" (demonstration pairs need one)" },
        { """[{"input": [[1]], "output": [[1]], "ouptut": [[2]]}]""", "bad.json: task bad, train[0]: unknown key \"ouptut\" (expected \"input\", \"output\")" },
        { """[]""", "bad.json: task bad: no demonstration pairs (\"train\" is empty)" },
        { """{}""", "bad.json: task bad: \"train\" must be a list of pairs, found an object" },
        { "[{\"input\": [" + string.Join(", ", Enumerable.Repeat("[1]", 31)) + "], \"output\": [[1]]}]", "bad.json: task bad, train[0].input: 31 rows, more than 30" },
        { "[{\"input\": [[" + string.Join(", ", Enumerable.Repeat("1", 31)) + "]], \"output\": [[1]]}]", "bad.json: task bad, train[0].input row 0: 31 columns, more than 30" },
    };

    [Theory]
    [MemberData(nameof(BadTasks))]
    public void EachProblemIsOneLineNamingFileTaskPairSideAndRow(string train, string expected)
    {
        using var dir = new TempDir();
        string path = dir.Write("bad.json", $$"""{"train": {{train}}, "test": [{"input": [[1]]}]}""");

        var result = TaskLoader.Check(path);

        Assert.Equal([expected], result.Problems);
        Assert.Empty(result.Tasks);
        var ex = Assert.Throws<HrmException>(() => TaskLoader.Load(path));
        Assert.Equal([expected], ex.Problems);
    }

    [Fact]
    public void EveryBadRowOfAGridIsReported()
    {
        using var dir = new TempDir();
        string path = dir.Write("g.json", """{"train": [{"input": [[1, 10, 11], [2, 2, 2], [3, 3, 30]], "output": [[1]]}], "test": [{"input": [[1]]}]}""");

        Assert.Equal(
            ["g.json: task g, train[0].input row 0: colour 10 outside 0..9 (column 1)",
             "g.json: task g, train[0].input row 2: colour 30 outside 0..9 (column 2)"],
            TaskLoader.Check(path).Problems);
    }

    [Fact]
    public void MissingTrainOrTestIsReported()
    {
        using var dir = new TempDir();
        string path = dir.Write("m.json", """{"train": [{"input": [[1]], "output": [[1]]}]}""");
        Assert.Equal(["m.json: task m: missing \"test\""], TaskLoader.Check(path).Problems);
        path = dir.Write("e.json", """{"train": [{"input": [[1]], "output": [[1]]}], "test": []}""");
        Assert.Equal(["e.json: task e: no test inputs (\"test\" is empty)"], TaskLoader.Check(path).Problems);
    }

    [Fact]
    public void InvalidJsonNamesTheLineAndColumn()
    {
        using var dir = new TempDir();
        // Line 3, column 14 holds the stray '}' where a value should be.
        string path = dir.Write("broken.json", "{\"train\": [\n  {\"input\": [[1]],\n   \"output\": }],\n \"test\": []}");

        string problem = Assert.Single(TaskLoader.Check(path).Problems);

        Assert.StartsWith("broken.json: invalid JSON at line 3, column 14: ", problem);
    }

    [Fact]
    public void TruncatedJsonIsInvalidJsonNotACrash()
    {
        using var dir = new TempDir();
        string path = dir.Write("cut.json", """{"train": [{"input": [[1, 2""");

        Assert.StartsWith("cut.json: invalid JSON at line 1", Assert.Single(TaskLoader.Check(path).Problems));
    }

    [Fact]
    public void AFolderReportsEveryBadFileAndKeepsTheGoodTasks()
    {
        using var dir = new TempDir();
        dir.Write("good.json", TestTasks.ValidJson);
        dir.Write("a.json", TestTasks.ValidJson.Replace("\"input\": [[5]]", "\"input\": [[5, 13]]"));
        dir.Write("b.json", "not json");
        dir.Write("c/d.json", TestTasks.ValidJson.Replace("\"train\": [", "\"train\": [{\"input\": [[1]], \"output\": []},"));

        var result = TaskLoader.Check(dir.Path);

        Assert.Equal(["good"], result.Tasks.Select(t => t.Id));
        Assert.Equal(4, result.Files);
        Assert.Equal(3, result.BadFiles);
        Assert.Equal(3, result.Problems.Count);
        Assert.Equal("a.json: task a, train[1].input row 0: colour 13 outside 0..9 (column 1)", result.Problems[0]);
        // "not json" fails at its second byte, where the literal stops being "null".
        Assert.StartsWith("b.json: invalid JSON at line 1, column 2: ", result.Problems[1]);
        Assert.Equal("c/d.json: task d, train[0].output: empty grid (no rows)", result.Problems[2]);

        var ex = Assert.Throws<HrmException>(() => TaskLoader.Load(dir.Path));
        Assert.Equal(result.Problems, ex.Problems);
    }

    [Fact]
    public void DuplicateIdsAcrossFilesAreProblems()
    {
        using var dir = new TempDir();
        dir.Write("x/t.json", TestTasks.ValidJson);
        dir.Write("y/t.json", TestTasks.ValidJson);

        Assert.Equal(["y/t.json: task t: duplicate task id (also in x/t.json)"], TaskLoader.Check(dir.Path).Problems);
    }

    [Fact]
    public void SolutionsThatDoNotMatchTheChallengesAreReported()
    {
        using var dir = new TempDir();
        string challenges = dir.Write("s_challenges.json", """
            {"t1": {"train": [{"input": [[1]], "output": [[2]]}], "test": [{"input": [[3]]}, {"input": [[4]]}]},
             "t2": {"train": [{"input": [[5]], "output": [[6]]}], "test": [{"input": [[7]]}]},
             "t3": {"train": [{"input": [[5]], "output": [[6]]}], "test": [{"input": [[7]]}]},
             "t4": {"train": [{"input": [[5]], "output": [[6]]}], "test": [{"input": [[7]]}]}}
            """);
        dir.Write("s_solutions.json", """{"t1": [[[8]]], "t3": [[[1, 2], [3]]], "t4": [[[1]]], "zz": [[[1]]]}""");

        var result = TaskLoader.Check(challenges);

        Assert.Equal(
            ["s_solutions.json: task t1: 1 test output but s_challenges.json has 2 test inputs",
             "s_solutions.json: task t3, test[0].output row 1: 1 cell but row 0 has 2 (ragged grid)",
             "s_solutions.json: task zz: not in s_challenges.json",
             "s_solutions.json: task t2: missing (it is in s_challenges.json)"],
            result.Problems);
        Assert.Equal(["t4"], result.Tasks.Select(t => t.Id));
        Assert.Equal(1, result.BadFiles);
    }

    [Fact]
    public void ASolutionsFileOnItsOwnIsRecognised()
    {
        using var dir = new TempDir();
        string path = dir.Write("only_solutions.json", """{"t1": [[[8]]]}""");

        Assert.Equal(["only_solutions.json: looks like a solutions file (task id -> outputs); load its challenges file instead"],
                     TaskLoader.Check(path).Problems);
    }

    [Fact]
    public void AMissingPathOrEmptyFolderIsOneClearError()
    {
        using var dir = new TempDir();
        var missing = Assert.Throws<HrmException>(() => TaskLoader.Load(Path.Combine(dir.Path, "nope")));
        Assert.EndsWith("nope: no such file or folder", missing.Message);
        var empty = Assert.Throws<HrmException>(() => TaskLoader.Load(dir.Path));
        Assert.EndsWith(": no .json task files in this folder", empty.Message);
    }

    [SkippableFact]
    public void LoadsAllOfArc1()
    {
        string arc1 = TestPaths.RequireArc("arc-agi-1");

        var result = TaskLoader.Check(arc1);

        Assert.Empty(result.Problems);
        Assert.Equal(800, result.Tasks.Count);
        Assert.Equal(800, result.Tasks.Select(t => t.Id).Distinct().Count());
    }
}
