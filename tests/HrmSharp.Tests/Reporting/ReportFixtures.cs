using System.Text.Json.Nodes;
using HrmSharp.Augmentation;
using HrmSharp.Data;
using HrmSharp.Evaluation;

namespace HrmSharp.Tests.Reporting;

/// <summary>
/// Small tasks and an evaluation report written by the real evaluator (ArcEvaluator + EvaluationReportWriter), so the
/// reader is tested against what the evaluator writes, plus the report's optional "steps" added as the evaluator will.
/// </summary>
internal static class ReportFixtures
{
    public static readonly Grid MirrorIn = Grid.FromRows([1, 0, 0], [2, 2, 0]);
    public static readonly Grid MirrorOut = Grid.FromRows([0, 0, 1], [0, 2, 2]);

    /// <summary>Solved at rank 1.</summary>
    public static readonly ArcTask Solved = new("solved-1",
        [new Pair(Grid.FromRows([3, 0]), Grid.FromRows([0, 3])), new Pair(Grid.FromRows([4, 5, 0]), Grid.FromRows([0, 5, 4]))],
        [new Pair(MirrorIn, MirrorOut)]);

    /// <summary>Never right.</summary>
    public static readonly ArcTask Unsolved = new("unsolved-2",
        [new Pair(Grid.FromRows([1]), Grid.FromRows([2])), new Pair(Grid.FromRows([3]), Grid.FromRows([4]))],
        [new Pair(Grid.FromRows([5, 5]), Grid.FromRows([6, 6]))]);

    /// <summary>Two test inputs; the second is right only at rank 2: solved under pass@2, not pass@1.</summary>
    public static readonly ArcTask SecondAttempt = new("second-3",
        [new Pair(Grid.FromRows([1, 1]), Grid.FromRows([2, 2]))],
        [new Pair(Grid.FromRows([1]), Grid.FromRows([2])), new Pair(Grid.FromRows([1, 1, 1]), Grid.FromRows([2, 2, 2]))]);

    /// <summary>The answer is not known.</summary>
    public static readonly ArcTask Unknown = new("unknown-4",
        [new Pair(Grid.FromRows([7]), Grid.FromRows([7, 7]))],
        [new Pair(Grid.FromRows([8]), null)]);

    public static IReadOnlyList<ArcTask> All => [Solved, Unsolved, SecondAttempt, Unknown];

    /// <summary>The refinement steps added to the solved task's test input: wrong, then right twice.</summary>
    public static readonly (int Step, Grid? Grid, double QHalt)[] SolvedSteps =
        [(1, null, 0.1), (2, MirrorIn, 0.3), (3, MirrorOut, 0.8), (4, MirrorOut, 0.9)];

    public static ArcEvaluationResult Evaluate()
    {
        var ev = new ArcEvaluator(All);
        var id = TaskAugmentation.Identity;
        void Vote(ArcTask t, int test, Grid g, int n, double logit)
        {
            for (int i = 0; i < n; i++) ev.Add(t.Id, test, id, g, logit);
        }
        Vote(Solved, 0, MirrorOut, 5, 2.0);
        Vote(Solved, 0, MirrorIn, 2, -1.0);
        Vote(Unsolved, 0, Grid.FromRows([6, 5]), 4, 0.5);
        Vote(Unsolved, 0, Grid.FromRows([5, 6]), 3, 0.0);
        Vote(SecondAttempt, 0, Grid.FromRows([2]), 6, 1.0);
        Vote(SecondAttempt, 1, Grid.FromRows([2, 2, 1]), 4, 0.0);
        Vote(SecondAttempt, 1, Grid.FromRows([2, 2, 2]), 3, 3.0);
        Vote(Unknown, 0, Grid.FromRows([8, 8]), 2, 1.5);
        return ev.Result();
    }

    /// <summary>report.json as the evaluator writes it, with "steps" on the solved task's test input.</summary>
    public static string ReportJson(bool withSteps = true, Action<JsonObject>? edit = null)
    {
        var root = JsonNode.Parse(EvaluationReportWriter.ToUtf8(Evaluate()))!.AsObject();
        if (withSteps)
        {
            var test = root["tasks"]!.AsArray().Single(t => (string)t!["task_id"]! == Solved.Id)!["tests"]![0]!.AsObject();
            test["steps"] = new JsonArray(SolvedSteps.Select(s => (JsonNode)new JsonObject
            {
                ["step"] = s.Step,
                ["grid"] = s.Grid is null ? null : Rows(s.Grid),
                ["q_halt"] = s.QHalt,
            }).ToArray());
        }
        edit?.Invoke(root);
        return root.ToJsonString();
    }

    public static JsonArray Rows(Grid g) => new(g.ToRows().Select(r => (JsonNode)new JsonArray(r.Select(v => (JsonNode)v).ToArray())).ToArray());

    /// <summary>Training lines every 10 steps (loss falling, accuracy rising), an evaluation line every 50.</summary>
    public static List<string> MetricsLines(int steps = 200)
    {
        var lines = new List<string>();
        for (int s = 10; s <= steps; s += 10)
        {
            double x = (double)s / steps;
            lines.Add(new JsonObject
            {
                ["kind"] = "train", ["step"] = s, ["lr"] = 1e-4, ["loss"] = 2 - x, ["lm_loss"] = 1.8 - x, ["accuracy"] = 0.5 + x / 3,
                ["exact_accuracy"] = x / 4, ["q_halt_accuracy"] = 0.5 + x / 4, ["steps"] = 8 - 4 * x, ["tokens_per_s"] = 3000 + s,
                ["elapsed_s"] = s * 2.0,
            }.ToJsonString());
            if (s % 50 == 0)
                lines.Add(new JsonObject { ["kind"] = "eval", ["step"] = s, ["accuracy"] = 0.4 + x / 3, ["exact_accuracy"] = x / 5 }.ToJsonString());
        }
        return lines;
    }

    /// <summary>A run folder: config.json naming the task folder, metrics.jsonl, tasks/, eval/report.json (demos left to the task files).</summary>
    public static string WriteRun(string root, string? reportJson = null)
    {
        string run = Path.Combine(root, "run");
        Directory.CreateDirectory(Path.Combine(run, "eval"));
        Directory.CreateDirectory(Path.Combine(run, "tasks"));
        Directory.CreateDirectory(Path.Combine(run, "checkpoints"));
        foreach (var t in All) TaskJsonWriter.WriteToFolder(Path.Combine(run, "tasks"), t);
        File.WriteAllText(Path.Combine(run, "config.json"), """{"name": "fixture", "data": {"kind": "arc", "path": "tasks", "eval_path": "tasks"}}""");
        File.WriteAllLines(Path.Combine(run, "metrics.jsonl"), MetricsLines());
        File.WriteAllText(Path.Combine(run, "eval", "report.json"), reportJson ?? ReportJson());
        return run;
    }
}
