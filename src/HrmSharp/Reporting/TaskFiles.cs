using HrmSharp.Data;

namespace HrmSharp.Reporting;

/// <summary>
/// Fills what an evaluation report leaves out (demonstrations, test inputs, unknown expected outputs) from the task
/// files, matched by task id. An expected output learnt this way re-marks the listed attempts; the correct rank is then
/// the best listed attempt that matches, since the report lists only the top candidates.
/// </summary>
public static class TaskFiles
{
    public static EvalReport Attach(EvalReport report, IEnumerable<ArcTask> tasks)
    {
        var byId = new Dictionary<string, ArcTask>(StringComparer.Ordinal);
        foreach (var t in tasks) byId.TryAdd(t.Id, t);
        var completed = report.Tasks.Select(r =>
        {
            if (!byId.TryGetValue(r.TaskId, out var task)) return r;
            return r with
            {
                Demos = r.Demos.Count > 0 ? r.Demos : task.Train,
                Tests = r.Tests.Select(t => t.Index >= 0 && t.Index < task.Test.Count ? Complete(t, task.Test[t.Index]) : t).ToArray(),
            };
        }).ToArray();
        return report with { Tasks = completed };
    }

    /// <summary>The report's view of a task file alone (no predictions): what `hrm render` draws without a prediction file.</summary>
    public static ReportTask FromTask(ArcTask task) =>
        new(task.Id, task.Train, task.Test.Select((p, i) => new ReportTest(i, p.Input, p.Output, null, null, null, [], [])).ToArray());

    private static ReportTest Complete(ReportTest test, Pair pair)
    {
        var result = test.Input is null ? test with { Input = pair.Input } : test;
        if (test.Expected is not null || pair.Output is not { } expected) return result;
        var attempts = test.Attempts.Select(a => a with { Correct = a.Grid == expected }).ToArray();
        return result with
        {
            Expected = expected,
            Attempts = attempts,
            CorrectRank = attempts.Where(a => a.Correct == true).Select(a => (int?)a.Rank).Min(),
        };
    }
}
