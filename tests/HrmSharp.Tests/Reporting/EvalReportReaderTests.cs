using System.Text.Json.Nodes;
using HrmSharp.Data;
using HrmSharp.Reporting;
using static HrmSharp.Tests.Reporting.ReportFixtures;

namespace HrmSharp.Tests.Reporting;

public sealed class EvalReportReaderTests
{
    private static EvalReport Parse(string json) => EvalReportReader.Parse(System.Text.Encoding.UTF8.GetBytes(json), "report.json");

    private static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    [Fact]
    public void ReadsWhatTheEvaluatorWrites()
    {
        var report = Parse(ReportJson(withSteps: false));
        Assert.Equal(All.Select(t => t.Id).Order(StringComparer.Ordinal), report.Tasks.Select(t => t.TaskId));

        var solved = report.Tasks.Single(t => t.TaskId == Solved.Id);
        var test = Assert.Single(solved.Tests);
        Assert.Equal(MirrorOut, test.Expected);
        Assert.Equal(1, test.CorrectRank);
        Assert.Equal(7, test.Predictions);
        Assert.Equal(2, test.DistinctCandidates);
        Assert.Equal([MirrorOut, MirrorIn], test.Attempts.Select(a => a.Grid));
        Assert.Equal([5, 2], test.Attempts.Select(a => a.Votes!.Value));
        Assert.Equal(Sigmoid(2.0), test.Attempts[0].MeanQ!.Value, 12);
        Assert.Equal(Sigmoid(-1.0), test.Attempts[1].MeanQ!.Value, 12);
        Assert.Equal([true, false], test.Attempts.Select(a => a.Correct));
        Assert.Empty(solved.Demos); // the evaluator does not embed them; the task files supply them
        Assert.Null(test.Input);

        var second = report.Tasks.Single(t => t.TaskId == SecondAttempt.Id);
        Assert.Equal([1, 2], second.Tests.Select(t => t.CorrectRank!.Value));
        Assert.False(second.PassAt(1));
        Assert.True(second.PassAt(2));
        Assert.Equal(TaskOutcome.Solved, second.Outcome);
        Assert.Equal(TaskOutcome.Unsolved, report.Tasks.Single(t => t.TaskId == Unsolved.Id).Outcome);
        var unknown = report.Tasks.Single(t => t.TaskId == Unknown.Id);
        Assert.Equal(TaskOutcome.Unscored, unknown.Outcome);
        Assert.Null(unknown.Tests[0].Attempts[0].Correct);

        // Three scored tasks: one right at rank 1, two within rank 2.
        Assert.Equal(1.0 / 3, report.PassAt(1)!.Value, 12);
        Assert.Equal(2.0 / 3, report.PassAt(2)!.Value, 12);
        Assert.Equal(1.0 / 3, report.Summary.PassAtK[1], 12);
        Assert.Contains(report.Summary.Values, kv => kv.Key == "pass@1000");
        Assert.Contains(report.Summary.Values, kv => kv.Key == "fractional_pass@2");
    }

    [Fact]
    public void ReadsRefinementStepsWithProbabilitiesOrLogits()
    {
        var steps = Parse(ReportJson()).Tasks.Single(t => t.TaskId == Solved.Id).Tests[0].Steps;
        Assert.Equal(SolvedSteps.Select(s => (s.Step, s.Grid, (double?)s.QHalt)), steps.Select(s => (s.Step, s.Grid, s.QHalt)));

        var withLogits = Parse(ReportJson(edit: root =>
        {
            var step = root["tasks"]!.AsArray().Single(t => (string)t!["task_id"]! == Solved.Id)!["tests"]![0]!["steps"]![0]!.AsObject();
            step.Remove("q_halt");
            step["q_halt_logit"] = -2.0;
        }));
        Assert.Equal(Sigmoid(-2.0), withLogits.Tasks.Single(t => t.TaskId == Solved.Id).Tests[0].Steps[0].QHalt!.Value, 12);
    }

    [Fact]
    public void EmbeddedDemosAndInputsAreUsed()
    {
        var report = Parse(ReportJson(edit: root =>
        {
            var task = root["tasks"]!.AsArray().Single(t => (string)t!["task_id"]! == Unsolved.Id)!.AsObject();
            task["train"] = new JsonArray(new JsonObject { ["input"] = Rows(Grid.FromRows([9])), ["output"] = Rows(Grid.FromRows([1])) });
            task["tests"]![0]!["input"] = Rows(Grid.FromRows([5, 5]));
        }));
        var t = report.Tasks.Single(x => x.TaskId == Unsolved.Id);
        Assert.Equal([new Pair(Grid.FromRows([9]), Grid.FromRows([1]))], t.Demos);
        Assert.Equal(Grid.FromRows([5, 5]), t.Tests[0].Input);
    }

    [Fact]
    public void TaskFilesFillTheGapsAndMarkAttemptsWhenTheAnswerWasUnknown()
    {
        var report = Parse(ReportJson());
        // The unknown task's answer turns up in the task files: its single attempt [[8,8]] becomes checkable.
        var answered = new ArcTask(Unknown.Id, Unknown.Train, [new Pair(Unknown.Test[0].Input, Grid.FromRows([8, 8]))]);
        var completed = TaskFiles.Attach(report, [Solved, Unsolved, SecondAttempt, answered]);
        foreach (var t in completed.Tasks)
        {
            var source = All.Single(a => a.Id == t.TaskId);
            Assert.Equal(source.Train, t.Demos);
            Assert.Equal(source.Test.Select(p => p.Input), t.Tests.Select(x => x.Input));
        }
        var unknown = completed.Tasks.Single(t => t.TaskId == Unknown.Id);
        Assert.Equal(Grid.FromRows([8, 8]), unknown.Tests[0].Expected);
        Assert.True(unknown.Tests[0].Attempts[0].Correct);
        Assert.Equal(1, unknown.Tests[0].CorrectRank);
        Assert.Equal(TaskOutcome.Solved, unknown.Outcome);
    }

    [Fact]
    public void ASummaryOnlyReportHasNoTasks()
    {
        var report = Parse("""{"data": "sudoku", "summary": {"examples": 200, "exact_accuracy": 0.25, "token_accuracy": 0.75}, "examples": []}""");
        Assert.Empty(report.Tasks);
        Assert.Equal(0.75, report.Summary.TokenAccuracy);
        Assert.Equal(0.25, report.Summary.ExactAccuracy);
        Assert.Null(report.PassAt(1));
    }

    [Fact]
    public void StructuralProblemsAreListedOneLineEach()
    {
        var ex = Assert.Throws<HrmException>(() => Parse(
            """{"tasks": [{"tests": []}, {"task_id": "a", "tests": [{"expected": [[1, 12]], "attempts": [{"votes": "many", "grid": [[1]]}]}]}]}"""));
        Assert.Equal(
        [
            "report.json: tasks[0]: missing \"task_id\" (a string)",
            "report.json: tasks[1] (task a).tests[0].expected: colour 12 at row 0, column 1 is outside 0..9",
            "report.json: tasks[1] (task a).tests[0].attempts[0]: \"votes\" should be an integer, found the string \"many\"",
        ], ex.Problems);
    }

    [Fact]
    public void InvalidJsonNamesTheLine()
    {
        var ex = Assert.Throws<HrmException>(() => Parse("{\n\"tasks\": [\n}"));
        Assert.StartsWith("report.json: invalid JSON at line 3", ex.Message);
    }
}
