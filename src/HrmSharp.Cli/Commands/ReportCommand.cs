using System.CommandLine;
using System.Globalization;
using HrmSharp.Reporting;

namespace HrmSharp.Cli.Commands;

/// <summary>`hrm report RUN_OR_EVAL_DIR [--out report.html] [--tasks PATH]`: one self-contained HTML page of a run or an evaluation.</summary>
public static class ReportCommand
{
    public static Command Create(CliContext ctx)
    {
        var path = new Argument<string>("path") { Description = "A run folder (metrics.jsonl, eval/report.json), an evaluation folder (report.json) or a report.json." };
        var output = new Option<string?>("--out", "-o") { Description = "HTML file to write (default: report.html in the folder)." };
        var tasks = new Option<string?>("--tasks")
        {
            Description = "Task files for the demonstrations and test inputs when the report does not embed them " +
                          "(default: the report's tasks_path, else the run config's data.eval_path / data.path).",
        };
        var cmd = new Command("report",
            "Write one self-contained HTML page (opens offline): summary, training curves, and per task the demos, test inputs, expected outputs, " +
            "both attempts with votes and q_halt, and the prediction after each refinement step; filters for solved/unsolved.");
        cmd.Arguments.Add(path);
        cmd.Options.Add(output);
        cmd.Options.Add(tasks);
        cmd.SetAction(parse => Run(ctx, parse.GetValue(path)!, parse.GetValue(output), parse.GetValue(tasks)));
        return cmd;
    }

    private static int Run(CliContext ctx, string path, string? output, string? tasks)
    {
        var source = ReportSource.Find(path);
        var content = ReportBuilder.Build(source, tasks, ctx.Reporter.Warn);
        foreach (var note in content.Notes) ctx.Reporter.Warn(note);
        string target = output ?? source.DefaultOutput;
        HtmlReport.Write(target, content);
        var eval = content.Eval;
        string what = eval switch
        {
            null => "no evaluation",
            { Tasks.Count: 0, Puzzles.Count: > 0 } => $"{eval.Puzzles.Count} held-out puzzles shown, {eval.Puzzles.Count(p => p.Solved)} solved",
            _ => $"{eval.Tasks.Count} task{(eval.Tasks.Count == 1 ? "" : "s")}, {eval.Tasks.Count(t => t.Outcome == TaskOutcome.Solved)} solved",
        };
        ctx.Reporter.Info($"{target}: {what}, {content.Plots.Count} training figure{(content.Plots.Count == 1 ? "" : "s")} " +
                          $"({(new FileInfo(target).Length / 1024.0).ToString("0", CultureInfo.InvariantCulture)} KiB)");
        return CliApp.Ok;
    }
}
