using System.Globalization;
using HrmSharp.Data;
using SkiaSharp;

namespace HrmSharp.Reporting;

/// <summary>
/// One picture of a task: each demo as input → output, then each test input → expected output (or "?") followed by
/// the ranked attempts (captioned with votes, mean q_halt and a tick or cross, framed green or red when the answer is
/// known) and, when the report has them, the prediction after each refinement step. Rows wrap at <see cref="MaxWidth"/>.
/// </summary>
public static class TaskSheet
{
    public const int MaxWidth = 1800;
    private const int Margin = 16, Gap = 14, RowGap = 10, CaptionSize = 13, LabelSize = 14, TitleSize = 18, ArrowWidth = 28;
    private static readonly SKColor Ink = new(0x22, 0x22, 0x22), Muted = new(0x77, 0x77, 0x77), Paper = SKColors.White;
    private static readonly SKColor Right = new(0x1E, 0x9E, 0x3A), Wrong = new(0xD6, 0x29, 0x1F);

    /// <param name="scale">Pixels per cell; null fits the task's largest grid to about 160 pixels.</param>
    public static byte[] Png(ReportTask task, int? scale = null)
    {
        int s = scale ?? GridRenderer.FitScale(MaxSide(task));
        using var typeface = ReportFonts.Sans();
        using var caption = new SKFont(typeface, CaptionSize);
        using var label = new SKFont(typeface, LabelSize) { Embolden = true };
        using var title = new SKFont(typeface, TitleSize) { Embolden = true };

        var lines = new List<Line> { new Text($"task {task.TaskId}", title) };
        for (int i = 0; i < task.Demos.Count; i++)
        {
            lines.Add(new Text($"demo {i + 1}", label));
            lines.Add(new Row([Figure(task.Demos[i].Input, "input", null, s, caption), new Arrow(), Figure(task.Demos[i].Output, "output", null, s, caption)]));
        }
        foreach (var test in task.Tests)
        {
            string mark = test.Expected is null ? "" : test.CorrectWithin(2) ? "  solved" : "  not solved";
            lines.Add(new Text($"test {test.Index + 1}{mark}", label));
            var items = new List<Item> { Figure(test.Input, "input", null, s, caption), new Arrow(), Figure(test.Expected, "expected", null, s, caption) };
            items.AddRange(test.Attempts.Select(a => Figure(a.Grid, AttemptCaption(a), a.Correct, s, caption)));
            lines.Add(new Row(items));
            if (test.Steps.Count > 0)
            {
                lines.Add(new Text("refinement steps", caption));
                lines.Add(new Row(test.Steps.Select(st =>
                    Figure(st.Grid, StepCaption(st), test.Expected is null || st.Grid is null ? null : st.Grid == test.Expected, s, caption)).ToArray()));
            }
        }

        var placed = Layout(lines, out int width, out int height);
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(Paper);
            foreach (var (item, x, y) in placed) Draw(canvas, item, x, y, s);
        }
        return GridRenderer.Encode(bitmap);
    }

    public static string AttemptCaption(ReportAttempt a)
    {
        var parts = new List<string> { $"attempt {a.Rank}" };
        if (a.Votes is { } v) parts.Add($"{v} vote{(v == 1 ? "" : "s")}");
        if (a.MeanQ is { } q) parts.Add("q " + q.ToString("0.00", CultureInfo.InvariantCulture));
        return string.Join(" · ", parts);
    }

    public static string StepCaption(RefinementStep st) =>
        $"step {st.Step}" + (st.QHalt is { } q ? " · q " + q.ToString("0.00", CultureInfo.InvariantCulture) : "");

    private static int MaxSide(ReportTask task)
    {
        var grids = task.Demos.SelectMany(p => new[] { p.Input, p.Output })
            .Concat(task.Tests.SelectMany(t => new[] { t.Input, t.Expected }.Concat(t.Attempts.Select(a => a.Grid)).Concat(t.Steps.Select(s => s.Grid))))
            .OfType<Grid>();
        return grids.Select(g => Math.Max(g.Rows, g.Cols)).DefaultIfEmpty(10).Max();
    }

    // ---- layout: lines of text or rows of items, rows wrapped to MaxWidth ----

    private abstract record Line;
    private sealed record Text(string Value, SKFont Font) : Line;
    private sealed record Row(IReadOnlyList<Item> Items) : Line;

    private abstract record Item;
    private sealed record Arrow : Item;
    /// <summary>A grid (or a "?" box when unknown) with a caption underneath; Correct frames it green or red.</summary>
    private sealed record GridFigure(Grid? Grid, string Caption, bool? Correct, SKFont Font, int ImageWidth, int ImageHeight, int Width) : Item;
    private sealed record Label(string Value, SKFont Font) : Item;

    private const int Frame = 3;

    private static GridFigure Figure(Grid? grid, string caption, bool? correct, int scale, SKFont font)
    {
        int w = grid is null ? 3 * scale : grid.Cols * scale, h = grid is null ? 3 * scale : grid.Rows * scale;
        int captionWidth = (int)Math.Ceiling(font.MeasureText(caption)) + (correct is null ? 0 : CaptionSize + 4);
        return new GridFigure(grid, caption, correct, font, w, h, Math.Max(w + 2 * Frame, captionWidth));
    }

    private static int WidthOf(Item item) => item switch
    {
        Arrow => ArrowWidth,
        GridFigure f => f.Width,
        Label l => (int)Math.Ceiling(l.Font.MeasureText(l.Value)),
        _ => 0,
    };

    private static int HeightOf(Item item) => item switch
    {
        GridFigure f => f.ImageHeight + 2 * Frame + 4 + CaptionSize + 4,
        Label l => (int)Math.Ceiling(l.Font.Size * 1.4f),
        _ => 0,
    };

    private static List<(Item Item, int X, int Y)> Layout(List<Line> lines, out int width, out int height)
    {
        var placed = new List<(Item, int, int)>();
        int y = Margin;
        width = 0;
        foreach (var line in lines)
        {
            if (line is Text t)
            {
                var label = new Label(t.Value, t.Font);
                placed.Add((label, Margin, y));
                width = Math.Max(width, Margin + WidthOf(label));
                y += HeightOf(label);
                continue;
            }
            var items = ((Row)line).Items;
            int x = Margin, rowHeight = 0;
            var pending = new List<(Item Item, int X)>();
            void Flush()
            {
                int arrowY = pending.Select(p => p.Item).OfType<GridFigure>().Select(f => f.ImageHeight / 2 + Frame).DefaultIfEmpty(0).Max();
                foreach (var (item, ix) in pending) placed.Add((item, ix, item is Arrow ? y + arrowY : y));
                y += rowHeight + RowGap;
                pending.Clear();
                x = Margin;
                rowHeight = 0;
            }
            foreach (var item in items)
            {
                int w = WidthOf(item);
                if (pending.Count > 0 && x + w > MaxWidth - Margin) Flush();
                pending.Add((item, x));
                x += w + Gap;
                width = Math.Max(width, x - Gap);
                rowHeight = Math.Max(rowHeight, HeightOf(item));
            }
            if (pending.Count > 0) Flush();
        }
        width = Math.Max(width + Margin, 200);
        height = y + Margin;
        return placed;
    }

    private static void Draw(SKCanvas canvas, Item item, int x, int y, int scale)
    {
        using var paint = new SKPaint { IsAntialias = true, Color = Ink };
        switch (item)
        {
            case Label l:
                canvas.DrawText(l.Value, x, y + l.Font.Size, SKTextAlign.Left, l.Font, paint);
                break;
            case Arrow:
                paint.Style = SKPaintStyle.Stroke;
                paint.StrokeWidth = 2;
                paint.Color = Muted;
                canvas.DrawLine(x + 4, y, x + ArrowWidth - 6, y, paint);
                canvas.DrawLine(x + ArrowWidth - 12, y - 6, x + ArrowWidth - 6, y, paint);
                canvas.DrawLine(x + ArrowWidth - 12, y + 6, x + ArrowWidth - 6, y, paint);
                break;
            case GridFigure f:
                int gx = x + Frame, gy = y + Frame;
                if (f.Correct is { } ok)
                {
                    paint.Color = ok ? Right : Wrong;
                    canvas.DrawRect(x, y, f.ImageWidth + 2 * Frame, f.ImageHeight + 2 * Frame, paint);
                }
                if (f.Grid is { } g) GridRenderer.Draw(canvas, g, gx, gy, scale);
                else DrawUnknown(canvas, gx, gy, f.ImageWidth, f.ImageHeight);
                paint.Color = Ink;
                float baseline = y + f.ImageHeight + 2 * Frame + 4 + CaptionSize;
                canvas.DrawText(f.Caption, x, baseline, SKTextAlign.Left, f.Font, paint);
                if (f.Correct is { } mark) DrawMark(canvas, mark, x + f.Font.MeasureText(f.Caption) + 4, baseline - CaptionSize + 2, CaptionSize - 2);
                break;
        }
    }

    private static void DrawUnknown(SKCanvas canvas, int x, int y, int w, int h)
    {
        using var paint = new SKPaint { IsAntialias = true, Color = new SKColor(0xEE, 0xEE, 0xEE) };
        canvas.DrawRect(x, y, w, h, paint);
        paint.Color = Muted;
        using var typeface = ReportFonts.Sans();
        using var font = new SKFont(typeface, Math.Max(10, h * 0.6f));
        canvas.DrawText("?", x + w / 2f, y + h * 0.72f, SKTextAlign.Center, font, paint);
    }

    /// <summary>Tick or cross drawn as strokes, so it shows whatever fonts the machine has.</summary>
    private static void DrawMark(SKCanvas canvas, bool correct, float x, float y, float size)
    {
        using var paint = new SKPaint { IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = 2.2f, StrokeCap = SKStrokeCap.Round, Color = correct ? Right : Wrong };
        if (correct)
        {
            canvas.DrawLine(x, y + size * 0.55f, x + size * 0.38f, y + size * 0.9f, paint);
            canvas.DrawLine(x + size * 0.38f, y + size * 0.9f, x + size, y + size * 0.1f, paint);
        }
        else
        {
            canvas.DrawLine(x + size * 0.1f, y + size * 0.1f, x + size * 0.9f, y + size * 0.9f, paint);
            canvas.DrawLine(x + size * 0.9f, y + size * 0.1f, x + size * 0.1f, y + size * 0.9f, paint);
        }
    }
}
