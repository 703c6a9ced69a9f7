using HrmSharp.Cli;
using HrmSharp.Data;
using HrmSharp.Reporting;
using SkiaSharp;
using static HrmSharp.Tests.Reporting.ReportFixtures;

namespace HrmSharp.Tests.Reporting;

public sealed class RenderCommandTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static readonly SKColor Green = new(0x1E, 0x9E, 0x3A), Red = new(0xD6, 0x29, 0x1F);

    private static (int Green, int Red) FrameColours(string png)
    {
        using var bitmap = SKBitmap.Decode(png);
        int green = 0, red = 0;
        foreach (var p in bitmap.Pixels)
        {
            if (p == Green) green++;
            if (p == Red) red++;
        }
        return (green, red);
    }

    [Fact]
    public void DrawsATaskAloneWithoutMarks()
    {
        string task = TaskJsonWriter.WriteToFolder(_dir.Path, Solved);
        string png = Path.Combine(_dir.Path, "sheet.png");
        var (exit, reporter) = RecordingReporter.Run("render", task, "--out", png);
        Assert.Equal(CliApp.Ok, exit);
        Assert.StartsWith($"{png}: task {Solved.Id}, 2 demos, 1 test input (", Assert.Single(reporter.Infos));
        Assert.Equal((0, 0), FrameColours(png));
    }

    [Fact]
    public void ARightAndAWrongAttemptAreFramedGreenAndRed()
    {
        string task = TaskJsonWriter.WriteToFolder(_dir.Path, Solved);
        string pred = _dir.Write("pred.json", $$"""{"attempt_1": {{Rows(MirrorOut).ToJsonString()}}, "attempt_2": {{Rows(MirrorIn).ToJsonString()}}}""");
        string png = Path.Combine(_dir.Path, "sheet.png");
        var (exit, _) = RecordingReporter.Run("render", task, "--out", png, "--prediction", pred, "--scale", "10");
        Assert.Equal(CliApp.Ok, exit);
        var (green, red) = FrameColours(png);
        // A 3-pixel frame around a 3x2-cell grid at 10 pixels a cell: (30+6)*(20+6) - 30*20 pixels, plus the tick or cross.
        int frame = 36 * 26 - 30 * 20;
        Assert.InRange(green, frame, frame + 200);
        Assert.InRange(red, frame, frame + 200);
    }

    [Fact]
    public void GridsAppearInTheSheetAtTheRequestedScale()
    {
        var task = new ArcTask("one", [], [new Pair(Grid.FromRows([6, 7, 8, 9]), null)]);
        var sheet = TaskFiles.FromTask(task);
        using var bitmap = SKBitmap.Decode(TaskSheet.Png(sheet, scale: 12));
        // Each of the four colours covers at least its cell's inside (12x12 less the lines on every side).
        foreach (int colour in new[] { 6, 7, 8, 9 })
        {
            var (r, g, b) = ArcPalette.Rgb(colour);
            Assert.True(bitmap.Pixels.Count(p => p == new SKColor(r, g, b)) >= 10 * 10, $"colour {colour}");
        }
    }

    [Fact]
    public void PredictionFormatsAllGiveTheSameAttempts()
    {
        string a1 = Rows(Grid.FromRows([2])).ToJsonString(), a2 = Rows(Grid.FromRows([9])).ToJsonString();
        string b1 = Rows(Grid.FromRows([2, 2, 2])).ToJsonString(), b2 = Rows(Grid.FromRows([2, 2, 1])).ToJsonString();
        string list = _dir.Write("list.json", $$"""[{"attempt_1": {{a1}}, "attempt_2": {{a2}}}, {"attempt_1": {{b1}}, "attempt_2": {{b2}}}]""");
        string submission = _dir.Write("submission.json",
            $$"""{"{{SecondAttempt.Id}}": [{"attempt_1": {{a1}}, "attempt_2": {{a2}}}, {"attempt_1": {{b1}}, "attempt_2": {{b2}}}]}""");
        foreach (string file in new[] { list, submission })
        {
            var task = PredictionFile.Apply(SecondAttempt, file);
            Assert.Equal([[Grid.FromRows([2]), Grid.FromRows([9])], [Grid.FromRows([2, 2, 2]), Grid.FromRows([2, 2, 1])]],
                         task.Tests.Select(t => t.Attempts.Select(a => a.Grid).ToArray()).ToArray());
            Assert.Equal([1, 1], task.Tests.Select(t => t.CorrectRank!.Value));
            Assert.True(task.PassAt(1));
            Assert.Equal(SecondAttempt.Train, task.Demos);
        }

        string report = _dir.Write("report.json", ReportJson());
        var fromReport = PredictionFile.Apply(SecondAttempt, report);
        Assert.Equal([4, 3], fromReport.Tests[1].Attempts.Select(a => a.Votes!.Value));
        Assert.Equal(2, fromReport.Tests[1].CorrectRank);
        Assert.Equal(SecondAttempt.Train, fromReport.Demos); // the report has none; the task file fills them in
    }

    [Fact]
    public void PredictionProblemsAreBadInput()
    {
        string task = TaskJsonWriter.WriteToFolder(_dir.Path, Solved);
        string typo = _dir.Write("typo.json", """{"attempt_1": [[1]], "atempt_2": [[2]]}""");
        var (exit, reporter) = RecordingReporter.Run("render", task, "--prediction", typo, "--out", Path.Combine(_dir.Path, "x.png"));
        Assert.Equal(CliApp.BadInput, exit);
        Assert.Equal(["typo.json: unknown key \"atempt_2\" (expected \"attempt_1\", \"attempt_2\", ...)"], reporter.Errors);

        string other = _dir.Write("other.json", """{"some-other-task": [{"attempt_1": [[1]], "attempt_2": [[2]]}]}""");
        (exit, reporter) = RecordingReporter.Run("render", task, "--prediction", other, "--out", Path.Combine(_dir.Path, "x.png"));
        Assert.Equal(CliApp.BadInput, exit);
        Assert.Equal([$"other.json: the submission has no task {Solved.Id} (1 tasks)"], reporter.Errors);

        string tooMany = _dir.Write("many.json", """[{"attempt_1": [[1]]}, {"attempt_1": [[1]]}]""");
        (exit, reporter) = RecordingReporter.Run("render", task, "--prediction", tooMany, "--out", Path.Combine(_dir.Path, "x.png"));
        Assert.Equal(CliApp.BadInput, exit);
        Assert.Equal([$"many.json: predictions for 2 test inputs, but task {Solved.Id} has 1"], reporter.Errors);
    }

    [Fact]
    public void AFolderOfTasksNeedsATaskIdAndABadScaleIsRefused()
    {
        foreach (var t in All) TaskJsonWriter.WriteToFolder(_dir.Path, t);
        var (exit, reporter) = RecordingReporter.Run("render", _dir.Path);
        Assert.Equal(CliApp.BadInput, exit);
        Assert.StartsWith($"{_dir.Path} holds 4 tasks; name one", Assert.Single(reporter.Errors));

        string png = Path.Combine(_dir.Path, "u.png");
        (exit, _) = RecordingReporter.Run("render", _dir.Path, Unknown.Id, "--out", png);
        Assert.Equal(CliApp.Ok, exit);
        Assert.True(File.Exists(png));

        (exit, reporter) = RecordingReporter.Run("render", _dir.Path, Unknown.Id, "--scale", "2");
        Assert.Equal(CliApp.BadInput, exit);
        Assert.Equal([$"--scale must be {GridRenderer.MinScaleWithLines}..{GridRenderer.MaxScale} pixels per cell, got 2"], reporter.Errors);
    }
}
