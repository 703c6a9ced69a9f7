using System.CommandLine;
using HrmSharp.Reporting;

namespace HrmSharp.Cli.Commands;

/// <summary>`hrm plot RUN_DIR [--out DIR]`: training curves from the run's metrics.jsonl, one PNG per figure.</summary>
public static class PlotCommand
{
    public static Command Create(CliContext ctx)
    {
        var run = new Argument<string>("run") { Description = "A run folder (holding metrics.jsonl) or a metrics.jsonl file." };
        var output = new Option<string?>("--out", "-o") { Description = "Folder for the PNGs (default: plots/ in the run folder)." };
        var cmd = new Command("plot",
            "Draw training curves from metrics.jsonl: loss.png, accuracy.png (token/exact), q_halt_accuracy.png, steps.png (mean ACT steps), " +
            "lr.png, throughput.png, step_time.png and one PNG per other metric, for the metrics the run logged.");
        cmd.Arguments.Add(run);
        cmd.Options.Add(output);
        cmd.SetAction(parse => Run(ctx, parse.GetValue(run)!, parse.GetValue(output)));
        return cmd;
    }

    private static int Run(CliContext ctx, string run, string? output)
    {
        var metrics = MetricsReader.Read(run);
        foreach (var w in metrics.Warnings) ctx.Reporter.Warn(w);
        if (metrics.Series.Count == 0) throw new HrmException($"{metrics.Path}: no metrics to plot (no valid lines with numeric values)");
        string dir = output ?? Path.Combine(Directory.Exists(run) ? run : Path.GetDirectoryName(Path.GetFullPath(run))!, "plots");
        var paths = TrainingPlots.Write(metrics, dir);
        int points = metrics.Series.Max(s => s.Points.Count);
        ctx.Reporter.Info($"{dir}: {paths.Count} figure{(paths.Count == 1 ? "" : "s")} from {metrics.Series.Count} series (up to {points} points): " +
                          string.Join(", ", paths.Select(Path.GetFileName)));
        return CliApp.Ok;
    }
}
