using HrmSharp.Reporting;
using ScottPlot;

namespace HrmSharp.Experiments;

/// <summary>
/// The main metric (solid) and token accuracy (dashed) against the first varied key, one colour per value of the
/// second key when there is one. Values are placed evenly in the order given (core names, or 1, 2, 4, 8 read as a
/// doubling series), with their text as tick labels.
/// </summary>
public static class AblationPlot
{
    public static byte[] Render(AblationPlan plan, IReadOnlyList<AblationMetric> metrics, IReadOnlyList<AblationRow> rows, string title, int width = 800, int height = 450)
    {
        using var plot = new Plot();
        if (ReportFonts.SansFamily() is { } font) plot.Font.Set(font);
        var x = plan.Axes[0];
        var series = plan.Axes.Count > 1 ? plan.Axes[1].Values.Select(v => (string?)v).ToList() : [null];
        var shown = metrics.Take(1).Concat(metrics.Skip(1).Where(m => m.Column == "token_acc")).ToList();
        var palette = new ScottPlot.Palettes.Category10();
        for (int s = 0; s < series.Count; s++)
        {
            for (int m = 0; m < shown.Count; m++)
            {
                var xs = new List<double>();
                var ys = new List<double>();
                for (int i = 0; i < x.Values.Count; i++)
                {
                    var row = rows.FirstOrDefault(r => r.ValueOf(x.Key) == x.Values[i] && (series[s] is null || r.ValueOf(plan.Axes[1].Key) == series[s]));
                    if (row is not null && row.Metrics.TryGetValue(shown[m].SummaryKey, out var v))
                    {
                        xs.Add(i);
                        ys.Add(v);
                    }
                }
                var line = plot.Add.Scatter(xs.ToArray(), ys.ToArray());
                line.Color = palette.GetColor(s);
                line.LineWidth = 1.5f;
                line.MarkerSize = 7;
                if (m > 0) line.LinePattern = LinePattern.Dashed;
                line.LegendText = series[s] is null ? shown[m].Column : $"{shown[m].Column}, {plan.Axes[1].Key}={series[s]}";
            }
        }
        plot.Axes.Bottom.SetTicks([.. x.Values.Select((_, i) => (double)i)], [.. x.Values]);
        plot.Axes.SetLimitsX(-0.3, x.Values.Count - 0.7);
        plot.Axes.SetLimitsY(-0.02, 1.02);
        plot.Title(title);
        plot.XLabel(x.Key);
        plot.YLabel("fraction");
        plot.ShowLegend(Edge.Right);
        return plot.GetImageBytes(width, height, ImageFormat.Png);
    }
}
