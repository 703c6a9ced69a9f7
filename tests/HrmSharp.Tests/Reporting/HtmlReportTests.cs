using System.Text.RegularExpressions;
using HrmSharp.Cli;
using HrmSharp.Data;
using HrmSharp.Reporting;
using SkiaSharp;
using static HrmSharp.Tests.Reporting.ReportFixtures;

namespace HrmSharp.Tests.Reporting;

public sealed partial class HtmlReportTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static readonly HashSet<string> VoidElements = ["meta", "img", "input", "br", "hr", "link", "source", "wbr"];

    [GeneratedRegex(@"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>")]
    private static partial Regex Tag();

    [GeneratedRegex(@"<(script|style)>.*?</\1>", RegexOptions.Singleline)]
    private static partial Regex RawText();

    /// <summary>Every non-void element is closed, in order (script and style bodies are not markup).</summary>
    private static void AssertWellFormed(string html)
    {
        string markup = RawText().Replace(html, m => $"<{m.Groups[1].Value}></{m.Groups[1].Value}>");
        var open = new Stack<string>();
        foreach (Match m in Tag().Matches(markup))
        {
            string name = m.Groups[2].Value.ToLowerInvariant();
            if (VoidElements.Contains(name)) continue;
            if (m.Groups[1].Value == "") open.Push(name);
            else
            {
                Assert.True(open.Count > 0, $"</{name}> closes nothing");
                Assert.Equal(open.Pop(), name);
            }
        }
        Assert.Empty(open);
    }

    /// <summary>The markup of one task's article.</summary>
    private static string Article(string html, string taskId)
    {
        int start = html.IndexOf($"data-task-id=\"{taskId}\"", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no article for {taskId}");
        start = html.LastIndexOf("<article", start, StringComparison.Ordinal);
        return html[start..(html.IndexOf("</article>", start, StringComparison.Ordinal) + "</article>".Length)];
    }

    private static int Count(string text, string what) => Regex.Matches(text, Regex.Escape(what)).Count;

    private (string Html, ReportContent Content) BuildRun(string? reportJson = null)
    {
        string run = WriteRun(_dir.Path, reportJson);
        var warnings = new List<string>();
        var content = ReportBuilder.Build(ReportSource.Find(run), null, warnings.Add);
        Assert.Empty(warnings);
        return (HtmlReport.Build(content), content);
    }

    [Fact]
    public void TheReportIsWellFormedAndSelfContained()
    {
        var (html, content) = BuildRun();
        Assert.StartsWith("<!DOCTYPE html>", html);
        AssertWellFormed(html);
        Assert.Equal(1, Count(html, "<body"));
        Assert.DoesNotContain("http://", html);
        Assert.DoesNotContain("https://", html);
        Assert.DoesNotContain("<link", html);
        Assert.DoesNotContain("src=\"//", html);
        Assert.DoesNotContain("@import", html);
        Assert.DoesNotContain("url(", html);
        foreach (Match src in Regex.Matches(html, "src=\"([^\"]*)\""))
        {
            Assert.StartsWith("data:image/png;base64,", src.Groups[1].Value);
            using var bitmap = SKBitmap.Decode(Convert.FromBase64String(src.Groups[1].Value["data:image/png;base64,".Length..]));
            Assert.NotNull(bitmap);
        }
        Assert.Equal(content.Plots.Count, Count(html, "<figure class=\"plot\">"));
        Assert.True(content.Plots.Count >= 5);
    }

    [Fact]
    public void EveryTaskEmbedsEachOfItsGrids()
    {
        var (html, content) = BuildRun();
        var tasks = content.Eval!.Tasks;
        Assert.Equal(All.Count, tasks.Count);
        Assert.Equal(tasks.Count, Count(html, "<article class=\"task "));
        foreach (var source in All)
        {
            var report = tasks.Single(t => t.TaskId == source.Id);
            // Demos: input and output; per test: input, expected when known, up to two attempts, each step that has a grid.
            int expected = 2 * source.Train.Count + report.Tests.Sum(t =>
                1 + (t.Expected is null ? 0 : 1) + Math.Min(2, t.Attempts.Count) + t.Steps.Count(s => s.Grid is not null));
            Assert.Equal(expected, Count(Article(html, source.Id), "<img "));
        }
        // Unknown grids (the unknown answer, a step with no grid yet) are drawn as "?" boxes, not images.
        Assert.Equal(2, Count(html, "class=\"unknown\""));
        Assert.Equal(SolvedSteps.Length, Count(Article(html, Solved.Id), "<span class=\"title\">step "));
    }

    [Fact]
    public void TasksAndTheirRowsCarryTheirOutcome()
    {
        var (html, _) = BuildRun();
        Assert.Contains("<article class=\"task solved\"", Article(html, Solved.Id));
        Assert.Contains("<article class=\"task solved\"", Article(html, SecondAttempt.Id)); // right at rank 2: pass@2
        Assert.Contains("<article class=\"task unsolved\"", Article(html, Unsolved.Id));
        Assert.Contains("<article class=\"task unscored\"", Article(html, Unknown.Id));
        Assert.Equal(2, Count(html, "<tr class=\"solved\" data-outcome=\"solved\">"));
        Assert.Equal(1, Count(html, "<tr class=\"unsolved\" data-outcome=\"unsolved\">"));
        Assert.Equal(1, Count(html, "<tr class=\"unscored\" data-outcome=\"unscored\">"));
        // The right attempt is framed as right, the wrong one as wrong.
        string solved = Article(html, Solved.Id);
        Assert.Contains("<figure class=\"grid right\"><img", solved);
        Assert.Contains("<figure class=\"grid wrong\"><img", solved);
    }

    [Fact]
    public void TheFiltersAndTheSummaryArePresent()
    {
        var (html, _) = BuildRun();
        Assert.Contains("<div id=\"filters\"", html);
        foreach (string outcome in new[] { "solved", "unsolved", "unscored" })
            Assert.Contains($"<input type=\"checkbox\" id=\"show-{outcome}\" data-outcome=\"{outcome}\" checked>", html);
        Assert.Contains("<span id=\"shown-count\" aria-live=\"polite\">4 of 4 tasks shown</span>", html);
        Assert.Contains("document.querySelectorAll(\"#filters input[type=checkbox]\")", html);
        // Summary: 3 scored tasks, pass@1 = 1/3, pass@2 = 2/3; links to every task.
        Assert.Contains("<td>33.3%</td><td>66.7%</td>", html);
        for (int i = 0; i < All.Count; i++) Assert.Contains($"<a href=\"#task-{i}\">", html);
    }

    [Fact]
    public void TheAnswerUnknownFilterAppearsOnlyWhenATaskNeedsIt()
    {
        string json = ReportJson(edit: root =>
        {
            var tasks = root["tasks"]!.AsArray();
            tasks.Remove(tasks.Single(t => (string)t!["task_id"]! == Unknown.Id));
        });
        var (html, _) = BuildRun(json);
        Assert.DoesNotContain("show-unscored", html);
        Assert.Contains("show-unsolved", html);
    }

    [Fact]
    public void AllTextIsEscaped()
    {
        const string nasty = "<script>alert(\"x\")</script>&'";
        var report = new EvalReport(EvalSummary.Empty,
            [new ReportTask(nasty, [new Pair(Grid.FromRows([1]), Grid.FromRows([2]))],
                [new ReportTest(0, Grid.FromRows([1]), Grid.FromRows([2]), null, null, null, [], [])])], null);
        string html = HtmlReport.Build(new ReportContent("<b>title</b>", "C:\\a&b", report, [], "{\"k\": \"</pre><i>\"}", ["note <u>"]));
        AssertWellFormed(html);
        Assert.DoesNotContain(nasty, html);
        Assert.DoesNotContain("<b>title", html);
        Assert.DoesNotContain("</pre><i>", html);
        Assert.DoesNotContain("note <u>", html);
        Assert.Contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;", html);
        Assert.Equal(1, Count(html, "<script>")); // only the filter script
    }

    [Fact]
    public void DemosComeFromTheTaskFilesTheRunConfigNames()
    {
        var (html, content) = BuildRun();
        Assert.Empty(content.Notes);
        foreach (var t in content.Eval!.Tasks)
            Assert.Equal(All.Single(a => a.Id == t.TaskId).Train, t.Demos);
        Assert.Contains("demo 2 input", Article(html, Solved.Id));
    }

    [Fact]
    public void AnEvaluationFolderWithoutTaskFilesIsShownWithANote()
    {
        string eval = Path.Combine(_dir.Path, "eval");
        Directory.CreateDirectory(eval);
        File.WriteAllText(Path.Combine(eval, "report.json"), ReportJson());
        var content = ReportBuilder.Build(ReportSource.Find(eval), null, _ => { });
        Assert.Empty(content.Plots);
        Assert.Contains(content.Notes, n => n.Contains("pass them with --tasks", StringComparison.Ordinal));
        string html = HtmlReport.Build(content);
        Assert.Contains("Demonstrations not available", html);
        AssertWellFormed(html);

        // --tasks supplies them.
        string tasks = Path.Combine(_dir.Path, "tasks");
        Directory.CreateDirectory(tasks);
        foreach (var t in All) TaskJsonWriter.WriteToFolder(tasks, t);
        content = ReportBuilder.Build(ReportSource.Find(eval), tasks, _ => { });
        Assert.Empty(content.Notes);
        Assert.All(content.Eval!.Tasks, t => Assert.NotEmpty(t.Demos));
    }

    [Fact]
    public void ReportCommandWritesOneFileAtomically()
    {
        string run = WriteRun(_dir.Path);
        string target = Path.Combine(_dir.Path, "out", "page.html");
        var (exit, reporter) = RecordingReporter.Run("report", run, "--out", target);
        Assert.Equal(CliApp.Ok, exit);
        Assert.Empty(reporter.Warnings);
        Assert.StartsWith($"{target}: 4 tasks, 2 solved, 6 training figures (", Assert.Single(reporter.Infos));
        Assert.Equal(["page.html"], Directory.GetFiles(Path.GetDirectoryName(target)!).Select(Path.GetFileName)); // no temp file left
        AssertWellFormed(File.ReadAllText(target));

        (exit, _) = RecordingReporter.Run("report", run);
        Assert.Equal(CliApp.Ok, exit);
        Assert.True(File.Exists(Path.Combine(run, "report.html")));
    }

    [Fact]
    public void ARunWithoutAnEvaluationShowsItsCurves()
    {
        string run = WriteRun(_dir.Path);
        File.Delete(Path.Combine(run, "eval", "report.json"));
        var content = ReportBuilder.Build(ReportSource.Find(run), null, _ => { });
        Assert.Null(content.Eval);
        Assert.NotEmpty(content.Plots);
        Assert.Contains(content.Notes, n => n.StartsWith("No evaluation report", StringComparison.Ordinal));
        AssertWellFormed(HtmlReport.Build(content));
    }

    [Fact]
    public void ASummaryOnlyReportShowsItsNumbers()
    {
        string eval = Path.Combine(_dir.Path, "sudoku-eval");
        Directory.CreateDirectory(eval);
        File.WriteAllText(Path.Combine(eval, "report.json"),
            """{"data": "sudoku", "summary": {"examples": 50, "exact_accuracy": 0.25, "token_accuracy": 0.875}, "examples": [{"index": 0, "solved": false}]}""");
        string html = HtmlReport.Build(ReportBuilder.Build(ReportSource.Find(eval), null, _ => { }));
        AssertWellFormed(html);
        Assert.Contains("<tr><th>examples</th><td>50</td></tr>", html);
        Assert.Contains("<tr><th>exact_accuracy</th><td>25.0%</td></tr>", html);
        Assert.Contains("<tr><th>token_accuracy</th><td>87.5%</td></tr>", html);
        Assert.DoesNotContain("<article", html);
        Assert.DoesNotContain("id=\"filters\"", html);
    }

    [Fact]
    public void BadPathsAreBadInput()
    {
        var (exit, reporter) = RecordingReporter.Run("report", Path.Combine(_dir.Path, "nowhere"));
        Assert.Equal(CliApp.BadInput, exit);
        Assert.Equal([$"{Path.Combine(_dir.Path, "nowhere")}: no such run folder, evaluation folder or report file"], reporter.Errors);

        (exit, reporter) = RecordingReporter.Run("report", _dir.Path);
        Assert.Equal(CliApp.BadInput, exit);
        Assert.Contains("neither a run folder", Assert.Single(reporter.Errors));

        string run = WriteRun(_dir.Path);
        (exit, reporter) = RecordingReporter.Run("report", run, "--tasks", Path.Combine(_dir.Path, "missing"));
        Assert.Equal(CliApp.BadInput, exit);
        Assert.Equal([$"{Path.Combine(_dir.Path, "missing")}: no such task file or folder"], reporter.Errors);
    }

    [Fact]
    public void RefinementStepsShowHowTheAnswerChanged()
    {
        var (html, _) = BuildRun();
        string solved = Article(html, Solved.Id);
        Assert.Contains("Refinement steps (4)", solved);
        // Step 2 follows a step with no grid (nothing to compare), step 3 changes the 4 cells that differ
        // between the input and the mirrored output, step 4 repeats step 3.
        int changed = 0;
        for (int i = 0; i < MirrorIn.Count; i++) if (MirrorIn.Cells[i] != MirrorOut.Cells[i]) changed++;
        Assert.Equal(4, changed);
        Assert.Contains("<span class=\"title\">step 3 · q 0.80</span><span class=\"detail\">4 cells changed</span><span class=\"mark right\">✓ correct</span>", solved);
        Assert.Contains("<span class=\"title\">step 4 · q 0.90</span><span class=\"detail\">unchanged</span>", solved);
        Assert.Contains("<span class=\"title\">step 2 · q 0.30</span><span class=\"mark wrong\">✗ wrong</span>", solved);
    }
}
