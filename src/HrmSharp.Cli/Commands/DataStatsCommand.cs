using System.CommandLine;
using System.Globalization;
using HrmSharp.Data;
using Spectre.Console;

namespace HrmSharp.Cli.Commands;

/// <summary>`hrm data stats PATH`: counts, grid sizes and the token arithmetic of 30×30 padding.</summary>
public static class DataStatsCommand
{
    public static Command Create(CliContext ctx)
    {
        var path = new Argument<string>("path") { Description = "A folder of task files (searched recursively), one task file, or a Kaggle challenges file." };
        var solutions = DataValidateCommand.SolutionsOption();
        var cmd = new Command("stats", "Count tasks and pairs, and compare real cells with 30x30-padded tokens per in-context sequence.");
        cmd.Arguments.Add(path);
        cmd.Options.Add(solutions);
        cmd.SetAction(parse => Run(ctx, parse.GetValue(path)!, parse.GetValue(solutions)));
        return cmd;
    }

    private static int Run(CliContext ctx, string path, string? solutions)
    {
        var r = ctx.Reporter;
        var s = TaskStatistics.Compute(TaskLoader.Load(path, solutions));
        r.Info($"{path}: {s.Tasks} tasks, {s.DemoPairs} demo pairs, {s.TestPairs} test pairs");

        int pairs = s.SizeHistogram.Sum(b => b.Pairs);
        var sizes = new Table().Title("pairs by larger side")
            .AddColumn("max side").AddColumn(new TableColumn("pairs").RightAligned()).AddColumn(new TableColumn("share").RightAligned());
        foreach (var b in s.SizeHistogram)
            sizes.AddRow(b.Label, b.Pairs.ToString(CultureInfo.InvariantCulture), Percent(b.Pairs, pairs));
        r.Write(sizes);

        if (s.Sequences.Count == 0)
        {
            r.Info($"no test input has a known output ({s.TestsWithoutOutput} without): no sequence statistics");
            return CliApp.Ok;
        }
        r.Info($"{s.Sequences.Count} in-context sequences (all demo pairs + one test input + its output):");
        var tokens = new Table()
            .AddColumn("")
            .AddColumn(new TableColumn("median").RightAligned())
            .AddColumn(new TableColumn("p90").RightAligned())
            .AddColumn(new TableColumn("total").RightAligned())
            .AddColumn(new TableColumn("padded/this").RightAligned())
            .AddColumn(new TableColumn("attention").RightAligned());
        AddRow(tokens, "real cells", s.Real, s.TokenRatio, s.AttentionRatio);
        AddRow(tokens, "canvas as answer", s.Canvas, s.PaddedOverCanvas, s.AttentionPaddedOverCanvas);
        AddRow(tokens, "padded 30x30", s.Padded, 1, 1);
        r.Write(tokens);
        r.Info("padded/this = padded tokens / this row's tokens; attention = the same for squared lengths");
        r.Info($"canvas = max(test input, demo outputs) in place of the answer: holds {s.CanvasFits} of {s.Sequences.Count} answers " +
               $"({Percent(s.CanvasFits, s.Sequences.Count)}; the rest take 30x30); canvas/real tokens {F(s.CanvasOverReal)}");
        if (s.TestsWithoutOutput > 0)
            r.Info($"{s.TestsWithoutOutput} test inputs without a known output are left out of the sequences");
        return CliApp.Ok;
    }

    private static void AddRow(Table table, string name, LengthSummary l, double tokenRatio, double attentionRatio) =>
        table.AddRow(name, l.Median.ToString(CultureInfo.InvariantCulture), l.P90.ToString(CultureInfo.InvariantCulture),
                     l.Sum.ToString(CultureInfo.InvariantCulture), F(tokenRatio), F(attentionRatio));

    private static string F(double v) => v.ToString("0.00", CultureInfo.InvariantCulture);

    private static string Percent(int part, int whole) =>
        whole == 0 ? "-" : (100.0 * part / whole).ToString("0.0", CultureInfo.InvariantCulture) + "%";
}
