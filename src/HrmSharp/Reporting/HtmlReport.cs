using System.Globalization;
using System.Text;
using HrmSharp.Data;
using HrmSharp.IO;

namespace HrmSharp.Reporting;

/// <summary>
/// One self-contained HTML page (no network: grids and curves are data: URIs, CSS and JS are inline, system fonts
/// only): a summary with a linked per-task table, filters for solved / unsolved / unknown-answer tasks, the training
/// curves, then per task its demonstrations, and per test input the input, the expected output, the ranked attempts
/// with votes and q_halt and correct/incorrect marks, and the prediction after each refinement step (cells that changed
/// since the step before are counted, so a reader can watch the answer change). All text is HTML-escaped.
/// Task sections carry the class "task" plus "solved", "unsolved" or "unscored" (pass@2), as do their summary rows.
/// </summary>
public static class HtmlReport
{
    /// <summary>Attempts shown per test input: the ARC Prize scores two.</summary>
    public const int ShownAttempts = 2;

    public static void Write(string path, ReportContent content) => AtomicFile.WriteAllText(path, Build(content));

    public static string Build(ReportContent content)
    {
        var html = new StringBuilder(64 * 1024);
        var images = new ImageCache();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(Escape(content.Title)).Append("</title>\n<style>").Append(Css).Append("</style>\n</head>\n<body>\n");
        html.Append("<header>\n<h1>").Append(Escape(content.Title)).Append("</h1>\n<p class=\"source\">").Append(Escape(content.Source)).Append("</p>\n");
        if (content.Notes.Count > 0)
        {
            html.Append("<ul class=\"notes\">\n");
            foreach (var note in content.Notes) html.Append("<li>").Append(Escape(note)).Append("</li>\n");
            html.Append("</ul>\n");
        }
        html.Append("</header>\n");

        if (content.Eval is { } eval) AppendSummary(html, eval);
        if (content.Plots.Count > 0)
        {
            html.Append("<section id=\"training\">\n<h2>Training curves</h2>\n<div class=\"plots\">\n");
            foreach (var p in content.Plots)
                html.Append("<figure class=\"plot\"><img src=\"").Append(DataUri(p.Png)).Append("\" alt=\"").Append(Escape(p.Title)).Append("\"></figure>\n");
            html.Append("</div>\n</section>\n");
        }
        if (content.ConfigJson is { } config)
            html.Append("<section id=\"config\">\n<details><summary>Run configuration (config.json)</summary>\n<pre>")
                .Append(Escape(config)).Append("</pre>\n</details>\n</section>\n");
        if (content.Eval is { Tasks.Count: > 0 } withTasks)
        {
            html.Append("<section id=\"tasks\">\n<h2>Tasks</h2>\n");
            for (int i = 0; i < withTasks.Tasks.Count; i++) AppendTask(html, withTasks.Tasks[i], i, images);
            html.Append("</section>\n");
        }
        html.Append("<script>").Append(Script).Append("</script>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static void AppendSummary(StringBuilder html, EvalReport eval)
    {
        var tasks = eval.Tasks;
        html.Append("<section id=\"summary\">\n<h2>Summary</h2>\n");
        if (tasks.Count == 0)
        {
            // A summary-only report (Sudoku, mazes): its own numbers are the headline.
            html.Append("<table class=\"values\">\n");
            foreach (var (k, v) in eval.Summary.Values)
                html.Append("<tr><th>").Append(Escape(k)).Append("</th><td>").Append(FormatValue(k, v)).Append("</td></tr>\n");
            html.Append("</table>\n");
            if (eval.Puzzles.Count == 0)
                html.Append("<p class=\"empty\">This report has no per-task results (no grids to show).</p>\n");
            html.Append("</section>\n");
            if (eval.Puzzles.Count > 0) AppendPuzzles(html, eval);
            return;
        }
        html.Append("<table class=\"headline\">\n<thead><tr>")
            .Append("<th>tasks</th><th>scored</th><th>pass@1</th><th>pass@2</th><th>token accuracy</th><th>exact accuracy</th>")
            .Append("</tr></thead>\n<tbody><tr>")
            .Append("<td>").Append(tasks.Count).Append("</td>")
            .Append("<td>").Append(tasks.Count(t => t.Scored)).Append("</td>")
            .Append("<td>").Append(Percent(eval.PassAt(1))).Append("</td>")
            .Append("<td>").Append(Percent(eval.PassAt(2))).Append("</td>")
            .Append("<td>").Append(Percent(eval.Summary.TokenAccuracy)).Append("</td>")
            .Append("<td>").Append(Percent(eval.Summary.ExactAccuracy)).Append("</td>")
            .Append("</tr></tbody>\n</table>\n");

        var other = eval.Summary.Values.Where(kv => kv.Key is not ("token_accuracy" or "exact_accuracy" or "pass@1" or "pass@2")).ToArray();
        if (other.Length > 0)
        {
            html.Append("<details class=\"more\"><summary>All summary values</summary>\n<table class=\"values\">\n");
            foreach (var (k, v) in other)
                html.Append("<tr><th>").Append(Escape(k)).Append("</th><td>").Append(FormatValue(k, v)).Append("</td></tr>\n");
            html.Append("</table>\n</details>\n");
        }
        html.Append("<div id=\"filters\" class=\"filters\" role=\"group\" aria-label=\"Show tasks\">\n");
        foreach (var outcome in Enum.GetValues<TaskOutcome>())
        {
            int n = tasks.Count(t => t.Outcome == outcome);
            if (n == 0 && outcome == TaskOutcome.Unscored) continue;
            string cls = Class(outcome);
            html.Append("<label class=\"").Append(cls).Append("\"><input type=\"checkbox\" id=\"show-").Append(cls)
                .Append("\" data-outcome=\"").Append(cls).Append("\" checked> ").Append(OutcomeText(outcome))
                .Append(" <span class=\"count\">(").Append(n).Append(")</span></label>\n");
        }
        html.Append("<button type=\"button\" id=\"show-all\">show all</button>\n")
            .Append("<span id=\"shown-count\" aria-live=\"polite\">").Append(tasks.Count).Append(" of ").Append(tasks.Count).Append(" tasks shown</span>\n</div>\n");

        html.Append("<div class=\"table-scroll\">\n<table id=\"task-table\" class=\"tasks\">\n<thead><tr>")
            .Append("<th>task</th><th>tests</th><th>pass@1</th><th>pass@2</th><th>cells right (attempt 1)</th><th>votes (attempt 1)</th>")
            .Append("</tr></thead>\n<tbody>\n");
        for (int i = 0; i < tasks.Count; i++)
        {
            var t = tasks[i];
            string cls = Class(t.Outcome);
            html.Append("<tr class=\"").Append(cls).Append("\" data-outcome=\"").Append(cls).Append("\">")
                .Append("<td><a href=\"#").Append(Anchor(i)).Append("\">").Append(Escape(t.TaskId)).Append("</a></td>")
                .Append("<td>").Append(t.Tests.Count).Append("</td>")
                .Append("<td>").Append(Mark(t.Scored ? t.PassAt(1) : null)).Append("</td>")
                .Append("<td>").Append(Mark(t.Scored ? t.PassAt(2) : null)).Append("</td>")
                .Append("<td>").Append(Percent(CellAccuracy(t))).Append("</td>")
                .Append("<td>").Append(Escape(string.Join(", ", t.Tests.Select(x =>
                    x.Attempts.Count > 0 && x.Attempts[0].Votes is { } v ? v.ToString(CultureInfo.InvariantCulture) : "–"))))
                .Append("</td></tr>\n");
        }
        html.Append("</tbody>\n</table>\n</div>\n</section>\n");
    }

    private static void AppendTask(StringBuilder html, ReportTask task, int index, ImageCache images)
    {
        int maxSide = AllGrids(task).Select(g => Math.Max(g.Rows, g.Cols)).DefaultIfEmpty(10).Max();
        int scale = GridRenderer.FitScale(maxSide, targetPixels: 150, min: 4, max: 24);
        int stepScale = GridRenderer.FitScale(maxSide, targetPixels: 90, min: 3, max: 14);
        string cls = Class(task.Outcome);

        html.Append("<article class=\"task ").Append(cls).Append("\" id=\"").Append(Anchor(index)).Append("\" data-outcome=\"").Append(cls)
            .Append("\" data-task-id=\"").Append(Escape(task.TaskId)).Append("\">\n<h3>").Append(Escape(task.TaskId))
            .Append(" <span class=\"badge ").Append(cls).Append("\">").Append(OutcomeText(task.Outcome)).Append("</span></h3>\n");

        html.Append("<h4>Demonstrations</h4>\n");
        if (task.Demos.Count == 0) html.Append("<p class=\"empty\">Demonstrations not available (pass the task files with --tasks).</p>\n");
        else
        {
            html.Append("<div class=\"demos\">\n");
            for (int d = 0; d < task.Demos.Count; d++)
            {
                html.Append("<div class=\"pair\">");
                AppendFigure(html, images, task.Demos[d].Input, scale, $"demo {d + 1} input");
                html.Append("<span class=\"arrow\" aria-hidden=\"true\">→</span>");
                AppendFigure(html, images, task.Demos[d].Output, scale, $"demo {d + 1} output");
                html.Append("</div>\n");
            }
            html.Append("</div>\n");
        }

        foreach (var test in task.Tests)
        {
            string testMark = test.Expected is null ? ""
                : test.CorrectWithin(ShownAttempts) ? " <span class=\"mark right\">✓ solved</span>"
                : " <span class=\"mark wrong\">✗ not solved</span>";
            html.Append("<div class=\"test\">\n<h4>Test ").Append(test.Index + 1).Append(testMark).Append("</h4>\n<div class=\"row\">");
            AppendFigure(html, images, test.Input, scale, "input");
            html.Append("<span class=\"arrow\" aria-hidden=\"true\">→</span>");
            AppendFigure(html, images, test.Expected, scale, test.Expected is null ? "expected (unknown)" : "expected");
            html.Append("<span class=\"divider\" aria-hidden=\"true\"></span>");
            var shown = test.Attempts.Take(ShownAttempts).ToArray();
            if (shown.Length == 0) html.Append("<p class=\"empty\">no attempts</p>");
            foreach (var a in shown) AppendFigure(html, images, a.Grid, scale, $"attempt {a.Rank}", AttemptDetail(a), a.Correct);
            html.Append("</div>\n");
            var extra = new List<string>();
            if (test.Predictions is { } p) extra.Add($"{p} prediction{(p == 1 ? "" : "s")}");
            if (test.DistinctCandidates is { } d) extra.Add($"{d} distinct candidate{(d == 1 ? "" : "s")}");
            if (test.CorrectRank is { } r && r > ShownAttempts) extra.Add($"the right answer was candidate {r}");
            else if (test.Expected is not null && test.CorrectRank is null && test.Attempts.Count > 0) extra.Add("the right answer was not among the candidates");
            if (extra.Count > 0) html.Append("<p class=\"meta\">").Append(Escape(string.Join(" · ", extra))).Append("</p>\n");
            if (test.Steps.Count > 0) AppendSteps(html, images, test, stepScale);
            html.Append("</div>\n");
        }
        html.Append("</article>\n");
    }

    /// <summary>The refinement strip: each ACT step's prediction, q_halt, and how many cells changed since the previous step.</summary>
    private static void AppendSteps(StringBuilder html, ImageCache images, ReportTest test, int scale)
    {
        html.Append("<details class=\"steps\" open><summary>Refinement steps (").Append(test.Steps.Count)
            .Append("): the prediction after each ACT step</summary>\n<div class=\"strip\">");
        Grid? previous = null;
        for (int i = 0; i < test.Steps.Count; i++)
        {
            var s = test.Steps[i];
            string title = $"step {s.Step}" + (s.QHalt is { } q ? " · q " + q.ToString("0.00", CultureInfo.InvariantCulture) : "");
            string? change = i > 0 && s.Grid is not null && previous is not null ? ChangeText(previous, s.Grid) : null;
            bool? correct = test.Expected is null || s.Grid is null ? null : s.Grid == test.Expected;
            AppendFigure(html, images, s.Grid, scale, title, change, correct, change is null || change == "unchanged" ? null : "changed", showSize: false);
            previous = s.Grid;
        }
        html.Append("</div>\n</details>\n");
    }

    /// <summary>
    /// A grid picture (or a "?" box when unknown) captioned with its title, an optional detail line and, when the answer
    /// is known, a correct/wrong mark; the same words go into the alt text.
    /// </summary>
    private static void AppendFigure(StringBuilder html, ImageCache images, Grid? grid, int scale, string title, string? detail = null,
                                     bool? correct = null, string? extraClass = null, bool showSize = true)
    {
        string cls = "grid" + (correct is null ? "" : correct.Value ? " right" : " wrong") + (extraClass is null ? "" : " " + extraClass);
        string mark = correct switch { true => "✓ correct", false => "✗ wrong", null => "" };
        html.Append("<figure class=\"").Append(cls).Append("\">");
        if (grid is null) html.Append("<div class=\"unknown\" role=\"img\" aria-label=\"").Append(Escape(title)).Append(": no grid\">?</div>");
        else
        {
            string alt = string.Join(", ", new[] { title, detail, mark }.Where(x => !string.IsNullOrEmpty(x))) + $": {grid.Rows}×{grid.Cols} grid";
            html.Append("<img src=\"").Append(images.Get(grid, scale)).Append("\" width=\"").Append(grid.Cols * scale).Append("\" height=\"")
                .Append(grid.Rows * scale).Append("\" alt=\"").Append(Escape(alt)).Append("\">");
        }
        html.Append("<figcaption><span class=\"title\">").Append(Escape(title));
        if (grid is not null && showSize) html.Append(" <span class=\"size\">").Append(grid.Rows).Append('×').Append(grid.Cols).Append("</span>");
        html.Append("</span>");
        if (detail is not null) html.Append("<span class=\"detail\">").Append(Escape(detail)).Append("</span>");
        if (correct is { } ok) html.Append("<span class=\"mark ").Append(ok ? "right" : "wrong").Append("\">").Append(mark).Append("</span>");
        html.Append("</figcaption></figure>");
    }

    private static string? AttemptDetail(ReportAttempt a)
    {
        var parts = new List<string>();
        if (a.Votes is { } v) parts.Add($"{v} vote{(v == 1 ? "" : "s")}");
        if (a.MeanQ is { } q) parts.Add("q_halt " + q.ToString("0.00", CultureInfo.InvariantCulture));
        return parts.Count == 0 ? null : string.Join(" · ", parts);
    }

    private static string ChangeText(Grid before, Grid after)
    {
        if (before.Rows != after.Rows || before.Cols != after.Cols) return "new shape";
        int n = Changed(before, after);
        return n == 0 ? "unchanged" : $"{n} cell{(n == 1 ? "" : "s")} changed";
    }

    private static int Changed(Grid a, Grid b)
    {
        int n = 0;
        for (int i = 0; i < a.Count; i++) if (a.Cells[i] != b.Cells[i]) n++;
        return n;
    }

    /// <summary>Share of cells of the first attempt equal to the expected output, over the task's test inputs (0 for a wrong shape).</summary>
    public static double? CellAccuracy(ReportTask task)
    {
        if (!task.Scored) return null;
        double sum = 0;
        foreach (var t in task.Tests)
            if (t.Attempts.Count > 0 && t.Attempts[0].Grid is var g && g.Rows == t.Expected!.Rows && g.Cols == t.Expected.Cols)
                sum += 1 - (double)Changed(g, t.Expected) / g.Count;
        return sum / task.Tests.Count;
    }

    private static IEnumerable<Grid> AllGrids(ReportTask task) =>
        task.Demos.SelectMany(p => new[] { p.Input, p.Output })
            .Concat(task.Tests.SelectMany(t => new[] { t.Input, t.Expected }.Concat(t.Attempts.Take(ShownAttempts).Select(a => a.Grid)).Concat(t.Steps.Select(s => s.Grid))))
            .OfType<Grid>();

    public static string Class(TaskOutcome outcome) => outcome switch
    {
        TaskOutcome.Solved => "solved",
        TaskOutcome.Unsolved => "unsolved",
        _ => "unscored",
    };

    private static string OutcomeText(TaskOutcome outcome) => outcome switch
    {
        TaskOutcome.Solved => "solved",
        TaskOutcome.Unsolved => "unsolved",
        _ => "answer unknown",
    };

    private static string Anchor(int index) => "task-" + index.ToString(CultureInfo.InvariantCulture);

    private static string Mark(bool? ok) => ok switch
    {
        true => "<span class=\"mark right\">✓</span>",
        false => "<span class=\"mark wrong\">✗</span>",
        null => "–",
    };

    /// <summary>Accuracies and pass rates as percentages, counts and the rest as plain numbers.</summary>
    private static string FormatValue(string key, double v) =>
        key.Contains("accuracy", StringComparison.Ordinal) || key.Contains("pass@", StringComparison.Ordinal)
            ? Percent(v) : v.ToString("G6", CultureInfo.InvariantCulture);

    private static string Percent(double? v) => v is { } x ? (100 * x).ToString("0.0", CultureInfo.InvariantCulture) + "%" : "–";

    /// <summary>
    /// Escapes the five characters that matter in text and quoted attributes; everything else stays as UTF-8 (the page
    /// declares it), where WebUtility.HtmlEncode would turn "·" and "×" into numeric entities.
    /// </summary>
    public static string Escape(string text)
    {
        if (text.AsSpan().IndexOfAny("&<>\"'") < 0) return text;
        var sb = new StringBuilder(text.Length + 16);
        foreach (char ch in text)
        {
            switch (ch)
            {
                case '&': sb.Append("&amp;"); break;
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                case '"': sb.Append("&quot;"); break;
                case '\'': sb.Append("&#39;"); break;
                default: sb.Append(ch); break;
            }
        }
        return sb.ToString();
    }

    private static string DataUri(byte[] png) => "data:image/png;base64," + Convert.ToBase64String(png);

    /// <summary>Each distinct (grid, scale) is encoded once: refinement steps often repeat a grid.</summary>
    private sealed class ImageCache
    {
        private readonly Dictionary<(Grid, int), string> _uris = [];

        public string Get(Grid grid, int scale)
        {
            if (!_uris.TryGetValue((grid, scale), out var uri)) _uris[(grid, scale)] = uri = DataUri(GridRenderer.Png(grid, scale));
            return uri;
        }
    }

    /// <summary>
    /// Held-out Sudoku or maze puzzles: the puzzle, the model's answer (cells it filled in blue, wrong cells red with the
    /// right symbol beside) and the expected answer, as text grids.
    /// </summary>
    private static void AppendPuzzles(StringBuilder html, EvalReport eval)
    {
        html.Append("<section id=\"puzzles\">\n<h2>Held-out puzzles</h2>\n<p class=\"meta\">The first ")
            .Append(eval.Puzzles.Count).Append(" of the evaluation set")
            .Append(eval.PuzzleKind is { } kind ? $" ({Escape(kind)})" : "")
            .Append(": bold cells are given, blue ones the model filled in, red ones wrong (the right symbol after the arrow).</p>\n");
        foreach (var p in eval.Puzzles)
        {
            string outcome = p.Solved ? "solved" : "unsolved";
            int wrong = 0;
            for (int r = 0; r < p.Expected.Count; r++)
                for (int c = 0; c < p.Expected[r].Length; c++)
                    if (p.Prediction[r][c] != p.Expected[r][c]) wrong++;
            html.Append("<article class=\"puzzle ").Append(outcome).Append("\">\n<h3>#").Append(p.Index).Append(" <span class=\"badge ")
                .Append(outcome).Append("\">").Append(outcome).Append("</span>")
                .Append(wrong > 0 ? $" <span class=\"meta\">{wrong} cell{(wrong == 1 ? "" : "s")} wrong</span>" : "").Append("</h3>\n<div class=\"row\">\n");
            AppendTextGrid(html, "puzzle", p.Input, (r, c) => p.Input[r][c] == p.Expected[r][c] ? "given" : "", (r, c) => p.Input[r][c].ToString());
            AppendTextGrid(html, "model", p.Prediction, (r, c) =>
                p.Prediction[r][c] != p.Expected[r][c] ? "wrong" : p.Input[r][c] == p.Expected[r][c] ? "given" : "filled",
                (r, c) => p.Prediction[r][c] == p.Expected[r][c] ? p.Prediction[r][c].ToString() : $"{p.Prediction[r][c]}→{p.Expected[r][c]}");
            AppendTextGrid(html, "answer", p.Expected, (r, c) => p.Input[r][c] == p.Expected[r][c] ? "given" : "", (r, c) => p.Expected[r][c].ToString());
            html.Append("</div>\n</article>\n");
        }
        html.Append("</section>\n");
    }

    private static void AppendTextGrid(StringBuilder html, string caption, IReadOnlyList<string> rows, Func<int, int, string> cellClass, Func<int, int, string> text)
    {
        html.Append("<figure class=\"textgrid\"><table>\n");
        for (int r = 0; r < rows.Count; r++)
        {
            html.Append("<tr>");
            for (int c = 0; c < rows[r].Length; c++)
            {
                string cls = cellClass(r, c);
                html.Append(cls.Length > 0 ? $"<td class=\"{cls}\">" : "<td>").Append(Escape(text(r, c))).Append("</td>");
            }
            html.Append("</tr>\n");
        }
        html.Append("</table><figcaption>").Append(Escape(caption)).Append("</figcaption></figure>\n");
    }

    private const string Css = """

        :root { color-scheme: light; --ink: #222; --muted: #666; --line: #ddd; --right: #1e9e3a; --wrong: #d6291f; --unknown: #888; }
        * { box-sizing: border-box; }
        body { margin: 0; padding: 20px 28px 60px; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; color: var(--ink); background: #fafafa; }
        [hidden] { display: none !important; }
        h1 { font-size: 22px; margin: 0 0 4px; }
        h2 { font-size: 18px; margin: 28px 0 10px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
        h3 { font-size: 16px; margin: 0 0 8px; font-family: ui-monospace, "DejaVu Sans Mono", monospace; }
        h4 { font-size: 13px; margin: 14px 0 6px; color: var(--muted); text-transform: uppercase; letter-spacing: .04em; }
        .source { color: var(--muted); margin: 0; word-break: break-all; }
        .notes { background: #fff8e1; border: 1px solid #f0d88a; padding: 8px 8px 8px 28px; margin: 10px 0 0; }
        table { border-collapse: collapse; background: #fff; }
        th, td { border: 1px solid var(--line); padding: 4px 10px; text-align: left; }
        thead th { background: #f0f0f0; position: sticky; top: 0; }
        table.headline td { font-size: 18px; font-weight: 600; }
        .table-scroll { max-height: 340px; overflow: auto; border: 1px solid var(--line); margin-top: 8px; display: inline-block; }
        .filters { display: flex; gap: 16px; align-items: center; margin: 14px 0 4px; flex-wrap: wrap; }
        .filters label { cursor: pointer; user-select: none; }
        #shown-count { color: var(--muted); }
        .mark.right, label.solved { color: var(--right); }
        .mark.wrong, label.unsolved { color: var(--wrong); }
        .plots { display: flex; flex-wrap: wrap; gap: 12px; }
        .plot { margin: 0; background: #fff; border: 1px solid var(--line); padding: 6px; }
        .plot img { width: 640px; max-width: 100%; height: auto; display: block; }
        pre { background: #fff; border: 1px solid var(--line); padding: 8px; overflow: auto; max-height: 400px; }
        article.task { background: #fff; border: 1px solid var(--line); border-left: 6px solid var(--unknown); padding: 12px 16px; margin: 0 0 18px; }
        article.task.solved { border-left-color: var(--right); }
        article.task.unsolved { border-left-color: var(--wrong); }
        .badge { font: 600 12px system-ui, sans-serif; padding: 1px 8px; border-radius: 10px; color: #fff; background: var(--unknown); vertical-align: middle; }
        .badge.solved { background: var(--right); }
        .badge.unsolved { background: var(--wrong); }
        .demos { display: flex; flex-wrap: wrap; gap: 10px 28px; }
        .pair, .row { display: flex; align-items: flex-start; gap: 10px; flex-wrap: wrap; }
        .arrow { align-self: center; color: var(--muted); font-size: 20px; }
        .divider { width: 1px; align-self: stretch; background: var(--line); margin: 0 6px; }
        figure.grid { margin: 0; display: inline-flex; flex-direction: column; gap: 3px; }
        figure.grid img, figure.grid .unknown { image-rendering: pixelated; border: 3px solid transparent; display: block; }
        figure.grid.right img { border-color: var(--right); }
        figure.grid.wrong img { border-color: var(--wrong); }
        figure.grid figcaption { font-size: 12px; color: var(--ink); max-width: 220px; display: flex; flex-direction: column; }
        figure.grid figcaption .detail { color: var(--muted); }
        figure.grid .size { color: var(--muted); }
        .unknown { width: 60px; height: 60px; background: #eee; color: var(--muted); font-size: 30px; text-align: center; line-height: 54px; }
        .meta { color: var(--muted); font-size: 12px; margin: 6px 0 0; }
        .empty { color: var(--muted); font-style: italic; }
        article.puzzle { background: #fff; border: 1px solid var(--line); border-left: 6px solid var(--unknown); padding: 12px 16px; margin: 0 0 18px; }
        article.puzzle.solved { border-left-color: var(--right); }
        article.puzzle.unsolved { border-left-color: var(--wrong); }
        figure.textgrid { margin: 0; display: inline-flex; flex-direction: column; gap: 3px; }
        figure.textgrid figcaption { font-size: 12px; color: var(--muted); }
        figure.textgrid td { font: 13px ui-monospace, "DejaVu Sans Mono", monospace; padding: 1px 4px; min-width: 1.6em; text-align: center; white-space: nowrap; }
        figure.textgrid td.given { font-weight: 700; }
        figure.textgrid td.filled { color: #1a5fb4; }
        figure.textgrid td.wrong { background: #f8d0cd; color: var(--wrong); font-weight: 600; }
        details.steps { margin-top: 10px; }
        details.steps summary { cursor: pointer; color: var(--muted); font-size: 12px; }
        .strip { display: flex; flex-wrap: wrap; gap: 8px; margin-top: 6px; }
        .strip figure.grid figcaption { font-size: 11px; max-width: 130px; }
        .strip .unknown { width: 36px; height: 36px; font-size: 18px; line-height: 30px; }
        .strip figure.grid.changed figcaption .detail { color: var(--ink); font-weight: 600; }

        """;

    /// <summary>
    /// The filters: each checkbox shows or hides the tasks (and their summary rows) of one outcome; sets
    /// body[data-filters="ready"] once it has run, which the headless-browser check looks for.
    /// </summary>
    private const string Script = """

        (function () {
          "use strict";
          var boxes = Array.prototype.slice.call(document.querySelectorAll("#filters input[type=checkbox]"));
          var counter = document.getElementById("shown-count");
          var tasks = Array.prototype.slice.call(document.querySelectorAll("article.task"));
          var rows = Array.prototype.slice.call(document.querySelectorAll("#task-table tbody tr"));
          function apply() {
            var show = {};
            boxes.forEach(function (b) { show[b.getAttribute("data-outcome")] = b.checked; });
            var shown = 0;
            tasks.concat(rows).forEach(function (el) {
              var visible = show[el.getAttribute("data-outcome")] !== false;
              el.hidden = !visible;
              if (visible && el.tagName === "ARTICLE") shown++;
            });
            if (counter) counter.textContent = shown + " of " + tasks.length + " tasks shown";
          }
          // "report.html?show=unsolved,unscored" opens with only those outcomes shown (shareable links, and the headless check).
          var wanted = /[?&]show=([^&#]*)/.exec(window.location.search);
          if (wanted) {
            var list = decodeURIComponent(wanted[1]).split(",");
            boxes.forEach(function (b) { b.checked = list.indexOf(b.getAttribute("data-outcome")) >= 0; });
          }
          boxes.forEach(function (b) { b.addEventListener("change", apply); });
          var all = document.getElementById("show-all");
          if (all) all.addEventListener("click", function () { boxes.forEach(function (b) { b.checked = true; }); apply(); });
          apply();
          document.body.setAttribute("data-filters", "ready");
        })();

        """;
}
