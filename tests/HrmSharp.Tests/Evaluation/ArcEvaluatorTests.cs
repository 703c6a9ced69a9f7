using System.Text.Json;
using HrmSharp.Augmentation;
using HrmSharp.Data;
using HrmSharp.Encoding;
using HrmSharp.Evaluation;

namespace HrmSharp.Tests.Evaluation;

public class ArcEvaluatorTests
{
    private static readonly Grid In0 = Grid.Parse("10|02"), Out0 = Grid.Parse("123|456"), In1 = Grid.Parse("3"), Out1 = Grid.Parse("77|80|09");
    private static readonly Grid Wrong = Grid.Parse("999");

    /// <summary>Task "m" has two test inputs, "s" one, "u" one with no known answer.</summary>
    private static ArcTask[] Tasks() =>
    [
        new("m", [new Pair(In1, Out1)], [new Pair(In0, Out0), new Pair(In1, Out1)]),
        new("s", [new Pair(In0, Out0)], [new Pair(In0, Out1)]),
        new("u", [new Pair(In0, Out0)], [new Pair(In1, null)]),
    ];

    private static readonly TaskAugmentation Rot = new(Dihedral.Rot90, ColourPermutation.Parse("0352146789"));
    private static readonly TaskAugmentation Flip = new(Dihedral.FlipLeftRight, ColourPermutation.Parse("0987654321"));

    [Fact]
    public void PredictionsMadeInAnAugmentedFrameVoteForTheOriginalGrid()
    {
        var ev = new ArcEvaluator(Tasks());
        // Each view predicts the right answer in its own frame: three votes for one grid in the task's frame.
        foreach (var aug in new[] { TaskAugmentation.Identity, Rot, Flip })
            ev.Add("m", 0, aug, aug.Apply(Out0), qHaltLogit: 1.0);

        var ranked = ev.Ranked("m", 0);
        Assert.Single(ranked);
        Assert.Equal(Out0, ranked[0].Grid);
        Assert.Equal(3, ranked[0].Votes);

        // The same through the token path: the model's canvas in the augmented frame.
        var ev2 = new ArcEvaluator(Tasks());
        ev2.Add("m", 0, Rot, ArcCanvasEncoder.Encode(Rot.Apply(Out0)), 0.0);
        Assert.Equal(Out0, ev2.Ranked("m", 0)[0].Grid);
        Assert.NotEqual(Rot.Apply(Out0), Out0);
    }

    [Fact]
    public void PassAtKCountsATaskOnlyWhenAllItsTestInputsAreRightWithinK()
    {
        var ev = new ArcEvaluator(Tasks());
        // m/test 0: right answer ranked first (3 votes vs 1).
        ev.Add("m", 0, TaskAugmentation.Identity, Out0, 0);
        ev.Add("m", 0, Rot, Rot.Apply(Out0), 0);
        ev.Add("m", 0, Flip, Flip.Apply(Out0), 0);
        ev.Add("m", 0, TaskAugmentation.Identity, Wrong, 5);
        // m/test 1: right answer second (1 vote vs 2).
        ev.Add("m", 1, TaskAugmentation.Identity, Wrong, 0);
        ev.Add("m", 1, Flip, Flip.Apply(Wrong), 0);
        ev.Add("m", 1, Rot, Rot.Apply(Out1), 3);
        // s: only wrong guesses; u: right-looking guesses but no answer to score against.
        ev.Add("s", 0, TaskAugmentation.Identity, Out0, 0);
        ev.Add("u", 0, TaskAugmentation.Identity, Out1, 0);

        var r = ev.Result([1, 2, 3]);
        Assert.Equal((3, 2), (r.Tasks, r.ScoredTasks));
        // Scored tasks m and s: m solved at k = 2 (its second test input), s never.
        Assert.Equal(0.0, r.PassAtK[1]);
        Assert.Equal(0.5, r.PassAtK[2]);
        Assert.Equal(0.5, r.PassAtK[3]);
        // TRM credit: m gets 1/2 at k = 1 and 2/2 at k = 2; s gets 0.
        Assert.Equal(0.25, r.FractionalPassAtK[1]);
        Assert.Equal(0.5, r.FractionalPassAtK[2]);

        var m = r.TaskReports.Single(t => t.TaskId == "m");
        Assert.Equal(2, m.SolvedAt);
        Assert.Equal(new int?[] { 1, 2 }, m.Tests.Select(t => t.CorrectRank));
        Assert.Null(r.TaskReports.Single(t => t.TaskId == "s").SolvedAt);
        Assert.False(r.TaskReports.Single(t => t.TaskId == "u").Scored);
        Assert.Equal(9, r.Predictions);
    }

    [Fact]
    public void IdentityViewsGiveTokenAndExactAccuracyAndGarbageCastsNoVote()
    {
        var ev = new ArcEvaluator(Tasks());
        var perfect = ArcCanvasEncoder.Encode(Out0);
        ev.Add("m", 0, TaskAugmentation.Identity, perfect, 0);

        // One cell wrong out of 6 cells + 3 EOS below + 2 EOS beside = 11 label tokens.
        var oneOff = ArcCanvasEncoder.Encode(Out0);
        oneOff[0] = 9;
        ev.Add("m", 0, TaskAugmentation.Identity, oneOff, 0);

        // Augmented views and unanswered tasks do not count towards accuracy; garbage is an invalid prediction (no
        // vote) and, on the identity view, a sequence with no token right.
        ev.Add("m", 0, Rot, ArcCanvasEncoder.Encode(Rot.Apply(Out0)), 0);
        ev.Add("u", 0, TaskAugmentation.Identity, ArcCanvasEncoder.Encode(Out1), 0);
        ev.Add("s", 0, TaskAugmentation.Identity, new int[900], 0);

        var r = ev.Result();
        Assert.Equal(3, r.IdentitySequences);
        Assert.Equal((1 + 10.0 / 11 + 0) / 3, r.TokenAccuracy, 12);
        Assert.Equal(1.0 / 3, r.ExactAccuracy, 12);
        Assert.Equal((5L, 1L), (r.Predictions, r.InvalidPredictions));
        Assert.Empty(ev.Ranked("s", 0));
        Assert.Equal(2, ev.Ranked("m", 0)[0].Votes);
    }

    [Fact]
    public void SubmissionHasTwoAttemptsPerTestInputAndRoundTrips()
    {
        var ev = new ArcEvaluator(Tasks());
        ev.Add("m", 0, TaskAugmentation.Identity, Out0, 0);
        ev.Add("m", 0, TaskAugmentation.Identity, Out0, 0);
        ev.Add("m", 0, TaskAugmentation.Identity, Wrong, 0);
        ev.Add("m", 0, TaskAugmentation.Identity, Out1, -1);
        ev.Add("s", 0, TaskAugmentation.Identity, Out1, 0);
        // m/test 1 and u get nothing.

        var sub = ev.Submission();
        Assert.Equal(new[] { "m", "s", "u" }, sub.TaskIds);
        Assert.Equal(new SubmissionAttempts(Out0, Wrong), sub["m"][0]);
        Assert.Equal(new SubmissionAttempts(Grid.Parse("0"), Grid.Parse("0")), sub["m"][1]);
        Assert.Equal(new SubmissionAttempts(Out1, Out1), sub["s"][0]);
        Assert.Single(sub["u"]);

        using var dir = new TempDir();
        string path = Path.Combine(dir.Path, "submission.json");
        SubmissionWriter.Write(path, sub);
        Assert.True(SubmissionReader.Read(path).ContentEquals(sub));
    }

    [Fact]
    public void ReportJsonCarriesTheSummaryAndEveryTestInput()
    {
        var ev = new ArcEvaluator(Tasks());
        ev.Add("m", 0, TaskAugmentation.Identity, Out0, 2.0);
        ev.Add("m", 0, Rot, Rot.Apply(Wrong), 0.0);
        ev.Add("m", 1, TaskAugmentation.Identity, Out1, 0.0);
        ev.Add("u", 0, TaskAugmentation.Identity, Wrong, 0.0);
        var result = ev.Result([1, 2]);

        using var dir = new TempDir();
        string path = Path.Combine(dir.Path, "eval", "report.json");
        EvaluationReportWriter.Write(path, result);
        Assert.Equal(new[] { "report.json" }, Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName));

        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var summary = doc.RootElement.GetProperty("summary");
        Assert.Equal(2, summary.GetProperty("scored_tasks").GetInt32());
        Assert.Equal(0.5, summary.GetProperty("pass@k").GetProperty("1").GetDouble());
        Assert.Equal(4, summary.GetProperty("predictions").GetInt64());

        var tasks = doc.RootElement.GetProperty("tasks").EnumerateArray().ToArray();
        Assert.Equal(new[] { "m", "s", "u" }, tasks.Select(t => t.GetProperty("task_id").GetString()));
        Assert.Equal(1, tasks[0].GetProperty("solved_at").GetInt32());
        var test0 = tasks[0].GetProperty("tests")[0];
        Assert.Equal(Out0, Grid.FromRows(test0.GetProperty("expected").EnumerateArray()
            .Select(r => (IReadOnlyList<int>)r.EnumerateArray().Select(c => c.GetInt32()).ToArray()).ToArray()));
        var attempts = test0.GetProperty("attempts").EnumerateArray().ToArray();
        Assert.Equal(2, attempts.Length);
        Assert.True(attempts[0].GetProperty("correct").GetBoolean()); // tie on votes, higher q first
        Assert.Equal(CandidateVotes.Sigmoid(2.0), attempts[0].GetProperty("mean_q").GetDouble(), 12);
        Assert.False(attempts[1].GetProperty("correct").GetBoolean());
        Assert.Equal(JsonValueKind.Null, tasks[1].GetProperty("solved_at").ValueKind);
        Assert.Equal(0, tasks[1].GetProperty("tests")[0].GetProperty("attempts").GetArrayLength());
        var unknown = tasks[2].GetProperty("tests")[0];
        Assert.Equal(JsonValueKind.Null, unknown.GetProperty("expected").ValueKind);
        Assert.Equal(JsonValueKind.Null, unknown.GetProperty("attempts")[0].GetProperty("correct").ValueKind);
    }

    [Fact]
    public void UnknownTasksAndTestIndicesAreRejected()
    {
        var ev = new ArcEvaluator(Tasks());
        Assert.Throws<ArgumentException>(() => ev.Add("zz", 0, TaskAugmentation.Identity, Out0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => ev.Add("s", 1, TaskAugmentation.Identity, Out0, 0));
        Assert.Throws<ArgumentException>(() => new ArcEvaluator([Tasks()[0], Tasks()[0]]));
        Assert.Throws<ArgumentException>(() => ev.Result([0]));
    }
}
