using System.Globalization;
using System.Text;

namespace HrmSharp.Experiments;

/// <summary>The results as Markdown (percentages, for reading) and CSV (plain fractions, for tools): one column per
/// varied key, then steps, train_minutes, final_loss, the metrics and params.</summary>
public static class AblationTable
{
    public static IReadOnlyList<string> Columns(AblationPlan plan, IReadOnlyList<AblationMetric> metrics) =>
        [.. plan.Axes.Select(a => a.Key), "steps", "train_minutes", "final_loss", .. metrics.Select(m => m.Column), "params"];

    public static string Csv(AblationPlan plan, IReadOnlyList<AblationMetric> metrics, IReadOnlyList<AblationRow> rows)
    {
        var sb = new StringBuilder();
        sb.AppendLine(string.Join(',', Columns(plan, metrics).Select(Quote)));
        foreach (var row in rows)
        {
            var cells = plan.Axes.Select(a => row.ValueOf(a.Key) ?? "")
                .Append(row.Steps.ToString(CultureInfo.InvariantCulture))
                .Append(row.TrainMinutes.ToString("0.###", CultureInfo.InvariantCulture))
                .Append(row.FinalLoss?.ToString("0.####", CultureInfo.InvariantCulture) ?? "")
                .Concat(metrics.Select(m => row.Metrics.TryGetValue(m.SummaryKey, out var v) ? v.ToString("0.######", CultureInfo.InvariantCulture) : ""))
                .Append(row.Params.ToString(CultureInfo.InvariantCulture));
            sb.AppendLine(string.Join(',', cells.Select(Quote)));
        }
        return sb.ToString();
    }

    /// <param name="title">The heading line (preset, budget).</param>
    /// <param name="notes">Lines printed under the heading (what was held fixed, how to read the columns).</param>
    public static string Markdown(string title, IReadOnlyList<string> notes, AblationPlan plan, IReadOnlyList<AblationMetric> metrics, IReadOnlyList<AblationRow> rows)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"# {title}").AppendLine();
        foreach (var note in notes)
            sb.AppendLine(note);
        if (notes.Count > 0) sb.AppendLine();
        var columns = Columns(plan, metrics);
        sb.AppendLine("| " + string.Join(" | ", columns.Select(c => c.Replace("|", "\\|"))) + " |");
        sb.AppendLine("|" + string.Join("|", columns.Select((_, i) => i < plan.Axes.Count ? "---" : "---:")) + "|");
        foreach (var row in rows)
        {
            var cells = plan.Axes.Select(a => row.ValueOf(a.Key) ?? "")
                .Append(row.Steps.ToString(CultureInfo.InvariantCulture))
                .Append(row.TrainMinutes.ToString("0.0", CultureInfo.InvariantCulture))
                .Append(row.FinalLoss?.ToString("0.000", CultureInfo.InvariantCulture) ?? "–")
                .Concat(metrics.Select(m => row.Metrics.TryGetValue(m.SummaryKey, out var v) ? (100 * v).ToString("0.0", CultureInfo.InvariantCulture) + "%" : "–"))
                .Append(row.Params.ToString("N0", CultureInfo.InvariantCulture));
            sb.AppendLine("| " + string.Join(" | ", cells.Select(c => c.Replace("|", "\\|"))) + " |");
        }
        return sb.ToString();
    }

    private static string Quote(string cell) =>
        cell.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + cell.Replace("\"", "\"\"") + "\"" : cell;
}
