using HrmSharp.IO;
using ScottPlot;

namespace HrmSharp.Reporting;

/// <summary>
/// Training curves from metrics.jsonl, one PNG per figure (ScottPlot), written only when the run has the metric:
/// loss (every "*loss"), accuracy (token/exact accuracy and pass@k), q_halt_accuracy, steps (mean ACT steps), lr
/// (every learning rate), throughput (tokens_per_s), step_time (other "*_s" timings), then one figure per other
/// numeric metric. Evaluation series are drawn dashed with markers beside the training ones. Long training series are
/// drawn faint with a moving average over them (per-step accuracy is a band of noise otherwise); a figure of nothing but
/// single evaluation points (an end-of-run score, already in the summary table) is left out.
/// </summary>
public static class TrainingPlots
{
    public const int Width = 1000, Height = 460;

    /// <summary>Longer training series are averaged in buckets down to this many points (a 100k-step run stays readable).</summary>
    public const int MaxPoints = 2000;

    /// <summary>Training series with at least this many points get a moving average drawn over them.</summary>
    public const int SmoothFrom = 50;

    private sealed record Figure(string Name, string Title, string YLabel, Func<string, bool> Takes, bool Fraction = false);

    /// <summary>Bookkeeping fields that are not worth a curve.</summary>
    private static readonly HashSet<string> Ignored =
        ["step", "epoch", "elapsed_s", "count", "examples", "tasks", "scored_tasks", "identity_sequences", "predictions", "invalid_predictions"];

    private static readonly Figure[] Known =
    [
        new("loss", "Loss", "loss", n => n.EndsWith("loss", StringComparison.Ordinal)),
        new("accuracy", "Token and exact accuracy", "fraction",
            n => (n.Contains("accuracy", StringComparison.Ordinal) && n != "q_halt_accuracy") || n.StartsWith("pass@", StringComparison.Ordinal), Fraction: true),
        new("q_halt_accuracy", "Q-halt accuracy", "fraction", n => n == "q_halt_accuracy", Fraction: true),
        new("steps", "Mean ACT steps", "steps", n => n == "steps"),
        new("lr", "Learning rate", "lr", n => n == "lr" || n.EndsWith("_lr", StringComparison.Ordinal)),
        new("throughput", "Throughput", "tokens / s", n => n == "tokens_per_s"),
        new("step_time", "Time per step", "seconds", n => n.EndsWith("_s", StringComparison.Ordinal)),
    ];

    /// <summary>Which series go in which figure, in figure order; figures with no series are left out.</summary>
    public static IReadOnlyList<(string Name, string Title, IReadOnlyList<MetricSeries> Series)> Group(MetricsFile metrics)
    {
        var claimed = new HashSet<MetricSeries>();
        var groups = new List<(string, string, IReadOnlyList<MetricSeries>)>();
        foreach (var f in Known)
        {
            var series = metrics.Series.Where(s => !Ignored.Contains(s.Name) && !claimed.Contains(s) && f.Takes(s.Name)).ToArray();
            claimed.UnionWith(series);
            if (WorthAFigure(series)) groups.Add((f.Name, f.Title, series));
        }
        var names = Known.Select(f => f.Name).ToHashSet();
        foreach (var byName in metrics.Series.Where(s => !Ignored.Contains(s.Name) && !claimed.Contains(s)).GroupBy(s => s.Name))
        {
            if (!WorthAFigure([.. byName])) continue;
            string stem = FileStem(byName.Key);
            for (int n = 2; !names.Add(stem); n++) stem = $"{FileStem(byName.Key)}_{n}"; // "a b" and "a_b" both exist
            groups.Add((stem, byName.Key, byName.ToArray()));
        }
        return groups;
    }

    /// <summary>Some series, and not only single evaluation points (a one-point chart says less than the summary's number).</summary>
    private static bool WorthAFigure(IReadOnlyCollection<MetricSeries> series) =>
        series.Count > 0 && !series.All(s => s.Eval && s.Points.Count == 1);

    /// <param name="scale">Pixel density: 2 draws a width×height figure at twice the pixels (sharp when shown at width×height).</param>
    public static IReadOnlyList<PlotImage> Render(MetricsFile metrics, int width = Width, int height = Height, float scale = 1)
    {
        string? font = ReportFonts.SansFamily();
        return Group(metrics)
            .Select(g => new PlotImage(g.Name, g.Title, RenderFigure(g.Title, g.Series, Known.FirstOrDefault(f => f.Name == g.Name), width, height, scale, font)))
            .ToArray();
    }

    /// <summary>Writes &lt;name&gt;.png for every figure into <paramref name="dir"/>; returns the paths.</summary>
    public static IReadOnlyList<string> Write(MetricsFile metrics, string dir)
    {
        var paths = new List<string>();
        foreach (var image in Render(metrics))
        {
            string path = Path.Combine(dir, image.Name + ".png");
            AtomicFile.WriteAllBytes(path, image.Png);
            paths.Add(path);
        }
        return paths;
    }

    private static byte[] RenderFigure(string title, IReadOnlyList<MetricSeries> series, Figure? figure, int width, int height, float scale, string? font)
    {
        using var plot = new Plot { ScaleFactor = scale };
        if (font is not null) plot.Font.Set(font);
        // One colour per metric, so "accuracy" and "eval accuracy" match and differ only in the dashes.
        var names = series.Select(s => s.Name).Distinct().ToList();
        var palette = new ScottPlot.Palettes.Category10();
        foreach (var s in series)
        {
            var points = Downsample(s.Points);
            var colour = palette.GetColor(names.IndexOf(s.Name));
            var line = plot.Add.Scatter(points.Select(p => p.X).ToArray(), points.Select(p => p.Y).ToArray());
            line.Color = colour;
            line.LineWidth = 1.5f;
            line.MarkerSize = s.Eval || points.Count == 1 ? 6 : 0;
            if (s.Eval) line.LinePattern = LinePattern.Dashed;
            if (s.Eval || points.Count < SmoothFrom)
            {
                line.LegendText = s.Label;
                continue;
            }
            // The raw values stay visible, faint, under their moving average (which carries the legend).
            line.Color = colour.WithAlpha(0.3);
            line.LineWidth = 1;
            var smooth = Smooth(points, Math.Max(5, points.Count / 25));
            var mean = plot.Add.Scatter(smooth.Select(p => p.X).ToArray(), smooth.Select(p => p.Y).ToArray());
            mean.Color = colour;
            mean.LineWidth = 2;
            mean.MarkerSize = 0;
            mean.LegendText = s.Label + " (moving average)";
        }
        plot.Title(title);
        plot.XLabel("step");
        plot.YLabel(figure?.YLabel ?? title);
        if (figure?.Fraction == true && series.All(s => s.Points.All(p => p.Value is >= 0 and <= 1)))
            plot.Axes.SetLimitsY(-0.02, 1.02);
        // Beside the axes rather than over them: curves rise into the upper corners that an inner legend would cover.
        if (series.Count > 1) plot.ShowLegend(Edge.Right);
        else plot.HideLegend();
        return plot.GetImageBytes((int)(width * scale), (int)(height * scale), ImageFormat.Png);
    }

    private static IReadOnlyList<(double X, double Y)> Downsample(IReadOnlyList<(long Step, double Value)> points)
    {
        if (points.Count <= MaxPoints) return points.Select(p => ((double)p.Step, p.Value)).ToArray();
        var result = new List<(double, double)>(MaxPoints);
        for (int b = 0; b < MaxPoints; b++)
        {
            int from = (int)((long)b * points.Count / MaxPoints), to = (int)((long)(b + 1) * points.Count / MaxPoints);
            double x = 0, y = 0;
            for (int i = from; i < to; i++)
            {
                x += points[i].Step;
                y += points[i].Value;
            }
            result.Add((x / (to - from), y / (to - from)));
        }
        return result;
    }

    /// <summary>A centred moving average over <paramref name="window"/> points (fewer at the ends), one value per point.</summary>
    public static IReadOnlyList<(double X, double Y)> Smooth(IReadOnlyList<(double X, double Y)> points, int window)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        var prefix = new double[points.Count + 1];
        for (int i = 0; i < points.Count; i++) prefix[i + 1] = prefix[i] + points[i].Y;
        var result = new (double, double)[points.Count];
        for (int i = 0; i < points.Count; i++)
        {
            int from = Math.Max(0, i - window / 2), to = Math.Min(points.Count, i - window / 2 + window);
            result[i] = (points[i].X, (prefix[to] - prefix[from]) / (to - from));
        }
        return result;
    }

    /// <summary>A metric name made safe as a file name ("pass@1" stays, "a/b c" becomes "a_b_c").</summary>
    private static string FileStem(string name) =>
        new(name.Select(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_' or '@' or '.' ? ch : '_').ToArray());
}
