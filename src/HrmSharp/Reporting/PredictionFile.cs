using HrmSharp.IO;
using System.Text.Json;
using HrmSharp.Data;

namespace HrmSharp.Reporting;

/// <summary>
/// The predictions `hrm render --prediction` draws under a task, from any of:
/// <list type="bullet">
/// <item>an ARC Prize submission <c>{task_id: [{"attempt_1": G, "attempt_2": G}, ...one per test input]}</c>;</item>
/// <item>a plain attempts object <c>{"attempt_1": G, "attempt_2": G, ...}</c> for the first test input, or a list of
/// such objects, one per test input;</item>
/// <item>an evaluation report (report.json, see <see cref="EvalReportReader"/>), which adds votes, q_halt and refinement steps.</item>
/// </list>
/// </summary>
public static class PredictionFile
{
    public static ReportTask Apply(ArcTask task, string path)
    {
        byte[] bytes = InputFile.ReadAllBytes(path);
        string file = Path.GetFileName(path);
        JsonElement root;
        using (var doc = JsonInput.Parse(bytes, file)) root = doc.RootElement.Clone();

        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("tasks", out var t) && t.ValueKind == JsonValueKind.Array)
        {
            var report = EvalReportReader.Parse(bytes, file);
            var own = report.Tasks.FirstOrDefault(r => r.TaskId == task.Id)
                      ?? throw new HrmException($"{file}: the evaluation report has no task {task.Id} ({report.Tasks.Count} tasks)");
            return TaskFiles.Attach(report with { Tasks = [own] }, [task]).Tasks[0];
        }

        IReadOnlyList<IReadOnlyList<Grid>> perTest;
        if (root.ValueKind == JsonValueKind.Array)
            perTest = root.EnumerateArray().Select((e, i) => ReadAttempts(e, $"{file}: [{i}]")).ToArray();
        else if (root.ValueKind == JsonValueKind.Object && root.EnumerateObject().Any(p => p.Name.StartsWith("attempt_", StringComparison.Ordinal)))
            perTest = [ReadAttempts(root, file)];
        else
        {
            var submission = SubmissionReader.Parse(bytes, file);
            if (!submission.TryGet(task.Id, out var attempts))
                throw new HrmException($"{file}: the submission has no task {task.Id} ({submission.Count} tasks)");
            perTest = attempts.Select(a => (IReadOnlyList<Grid>)[a.Attempt1, a.Attempt2]).ToArray();
        }
        if (perTest.Count > task.Test.Count)
            throw new HrmException($"{file}: predictions for {perTest.Count} test inputs, but task {task.Id} has {task.Test.Count}");
        return WithAttempts(task, perTest);
    }

    /// <summary>The task with <paramref name="perTest"/>[i] as the ranked attempts of test input i, marked against known outputs.</summary>
    public static ReportTask WithAttempts(ArcTask task, IReadOnlyList<IReadOnlyList<Grid>> perTest)
    {
        var bare = TaskFiles.FromTask(task);
        return bare with
        {
            Tests = bare.Tests.Select(t =>
            {
                if (t.Index >= perTest.Count) return t;
                var attempts = perTest[t.Index]
                    .Select((g, r) => new ReportAttempt(r + 1, g, null, null, t.Expected is null ? null : g == t.Expected)).ToArray();
                return t with { Attempts = attempts, CorrectRank = attempts.Where(a => a.Correct == true).Select(a => (int?)a.Rank).Min() };
            }).ToArray(),
        };
    }

    /// <summary>"attempt_1", "attempt_2", ... in numeric order; other keys are errors (a typo would silently drop an attempt).</summary>
    private static IReadOnlyList<Grid> ReadAttempts(JsonElement e, string where)
    {
        if (e.ValueKind != JsonValueKind.Object)
            throw new HrmException($"{where}: expected an object with \"attempt_1\", \"attempt_2\", ..., found {GridJson.Describe(e)}");
        var problems = new List<string>();
        var attempts = new SortedDictionary<int, Grid>();
        foreach (var p in e.EnumerateObject())
        {
            if (!p.Name.StartsWith("attempt_", StringComparison.Ordinal) || !int.TryParse(p.Name.AsSpan(8), out int n) || n < 1)
            {
                problems.Add($"{where}: unknown key \"{p.Name}\" (expected \"attempt_1\", \"attempt_2\", ...)");
                continue;
            }
            if (GridJson.Read(p.Value, $"{where}.{p.Name}", problems) is { } g) attempts[n] = g;
        }
        if (problems.Count == 0 && attempts.Count == 0) problems.Add($"{where}: no attempts");
        HrmException.ThrowIfAny(problems);
        return attempts.Values.ToArray();
    }
}
