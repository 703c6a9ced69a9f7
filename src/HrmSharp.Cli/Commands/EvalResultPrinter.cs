using System.Globalization;
using HrmSharp.Evaluation;
using HrmSharp.Training;
using Spectre.Console;

namespace HrmSharp.Cli.Commands;

/// <summary>Prints an evaluation's warnings, headline numbers and, for generated tasks, the per-family and per-category tables.</summary>
public static class EvalResultPrinter
{
    public static void Print(IReporter r, EvalResult result, string headline)
    {
        foreach (var warning in result.Warnings) r.Warn(warning);
        r.Info($"{headline}{TrainCommand.FormatSummary(result.Summary)}");
        foreach (var (set, breakdown) in result.Breakdowns.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            r.Info($"{set}: per family (pass@k over tasks; size and token accuracy over identity-view answers)");
            r.Write(Table("family", breakdown.Families, withCategory: true));
            r.Write(Table("category", breakdown.Categories, withCategory: false));
        }
    }

    public static Table Table(string what, IReadOnlyList<GroupScores> rows, bool withCategory)
    {
        var table = new Table().AddColumn(what);
        if (withCategory) table.AddColumn("category");
        foreach (var column in new[] { "tasks", "pass@1", "pass@2", "size acc", "token acc" })
            table.AddColumn(new TableColumn(column).RightAligned());
        foreach (var row in rows)
        {
            var cells = new List<string> { Markup.Escape(row.Name) };
            if (withCategory) cells.Add(row.Category);
            cells.Add(row.Tasks.ToString(CultureInfo.InvariantCulture));
            cells.AddRange(new[] { row.PassAt1, row.PassAt2, row.SizeAccuracy, row.TokenAccuracy }.Select(Percent));
            table.AddRow(cells.ToArray());
        }
        return table;
    }

    private static string Percent(double v) => v.ToString("P1", CultureInfo.InvariantCulture);
}
