using HrmSharp.Cli;
using HrmSharp.Reporting;
using SkiaSharp;

namespace HrmSharp.Tests.Reporting;

public sealed class TrainingPlotsTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void ReadsTrainingAndEvaluationSeries()
    {
        var metrics = MetricsReader.Parse(ReportFixtures.MetricsLines(200), "run/metrics.jsonl");
        Assert.Empty(metrics.Warnings);
        var loss = metrics.Series.Single(s => s.Name == "loss" && !s.Eval);
        Assert.Equal(20, loss.Points.Count);
        Assert.Equal((10L, 2 - 10 / 200.0), loss.Points[0]);
        var evalAccuracy = metrics.Series.Single(s => s.Name == "accuracy" && s.Eval);
        Assert.Equal([50L, 100L, 150L, 200L], evalAccuracy.Points.Select(p => p.Step));
        Assert.Equal("eval accuracy", evalAccuracy.Label);
        Assert.DoesNotContain(metrics.Series, s => s.Name is "kind" or "step");
    }

    [Fact]
    public void PrefixesSplitsAndRepeatedStepsAreUnderstood()
    {
        string[] lines =
        [
            """{"step": 1, "train/loss": 3.0, "eval_accuracy": 0.1, "note": "text is ignored"}""",
            """{"step": 2, "split": "eval", "loss": 2.5}""",
            """{"step": 1, "train/loss": 2.0}""", // a resumed run wrote step 1 again: the later line wins
        ];
        var metrics = MetricsReader.Parse(lines, "metrics.jsonl");
        Assert.Equal([(1L, 2.0)], metrics.Series.Single(s => s.Name == "loss" && !s.Eval).Points);
        Assert.Equal([(2L, 2.5)], metrics.Series.Single(s => s.Name == "loss" && s.Eval).Points);
        Assert.Equal([(1L, 0.1)], metrics.Series.Single(s => s.Name == "accuracy" && s.Eval).Points);
        Assert.Equal(3, metrics.Series.Count);
    }

    [Fact]
    public void MalformedLinesAreSkippedWithAWarningEach()
    {
        var lines = ReportFixtures.MetricsLines(40);
        lines.Insert(1, "not json");
        lines.Insert(3, "[1, 2]");
        lines.Insert(5, """{"loss": 1.0}""");
        lines.Add("""{"kind":"train","step":50,"loss":""" ); // torn last line
        var metrics = MetricsReader.Parse(lines, "/x/metrics.jsonl");
        Assert.Equal(
        [
            "metrics.jsonl line 2: not valid JSON; skipped",
            "metrics.jsonl line 4: not a JSON object; skipped",
            "metrics.jsonl line 6: no integer \"step\"; skipped",
            $"metrics.jsonl line {lines.Count}: not valid JSON; skipped",
        ], metrics.Warnings);
        Assert.Equal(4, metrics.Series.Single(s => s.Name == "loss").Points.Count);
    }

    [Fact]
    public void ManyMalformedLinesAreSummedUp()
    {
        var lines = Enumerable.Repeat("garbage", 25).Append("""{"step": 1, "loss": 1}""").ToList();
        var metrics = MetricsReader.Parse(lines, "metrics.jsonl");
        Assert.Equal(MetricsReader.MaxWarnings + 1, metrics.Warnings.Count);
        Assert.Equal("metrics.jsonl: 15 more malformed lines skipped (25 in all)", metrics.Warnings[^1]);
    }

    [Fact]
    public void FiguresGroupTheKnownMetricsAndGiveOthersTheirOwn()
    {
        string[] lines =
        [
            """{"step": 1, "loss": 1, "lm_loss": 1, "accuracy": 0.5, "exact_accuracy": 0.1, "q_halt_accuracy": 0.6, "steps": 4""" +
            """, "lr": 0.1, "puzzle_emb_lr": 0.01, "tokens_per_s": 9, "step_s": 1, "elapsed_s": 5, "grad_norm": 2, "count": 3}""",
        ];
        var groups = TrainingPlots.Group(MetricsReader.Parse(lines, "m.jsonl"));
        Assert.Equal(["loss", "accuracy", "q_halt_accuracy", "steps", "lr", "throughput", "step_time", "grad_norm"], groups.Select(g => g.Name));
        Assert.Equal(["loss", "lm_loss"], groups[0].Series.Select(s => s.Name));
        Assert.Equal(["accuracy", "exact_accuracy"], groups[1].Series.Select(s => s.Name));
        Assert.Equal(["lr", "puzzle_emb_lr"], groups[4].Series.Select(s => s.Name));
    }

    [Fact]
    public void AFigureOfSingleEvaluationPointsIsLeftOutButOneBesideTrainingCurvesStays()
    {
        string[] lines =
        [
            """{"step": 1, "loss": 2, "accuracy": 0.1}""",
            """{"step": 2, "loss": 1, "accuracy": 0.2}""",
            """{"step": 2, "split": "eval", "accuracy": 0.3, "seconds_per_task": 0.7}""",
        ];
        var groups = TrainingPlots.Group(MetricsReader.Parse(lines, "m.jsonl"));
        Assert.Equal(["loss", "accuracy"], groups.Select(g => g.Name));
        Assert.Contains(groups[1].Series, s => s.Eval);
    }

    [Fact]
    public void TheMovingAverageKeepsEveryPointAndTheMeanAndCalmsTheNoise()
    {
        var rng = new Random(1);
        var noisy = Enumerable.Range(0, 400).Select(i => ((double)i, 0.5 + (rng.NextDouble() - 0.5))).ToArray();
        var smooth = TrainingPlots.Smooth(noisy, 16);
        Assert.Equal(noisy.Select(p => p.Item1), smooth.Select(p => p.X));
        static double Spread(IEnumerable<double> y)
        {
            var a = y.ToArray();
            double m = a.Average();
            return Math.Sqrt(a.Sum(v => (v - m) * (v - m)) / a.Length);
        }
        Assert.True(Spread(smooth.Select(p => p.Y)) < Spread(noisy.Select(p => p.Item2)) / 3);
        Assert.InRange(smooth.Average(p => p.Y), 0.45, 0.55);
        var line = Enumerable.Range(0, 30).Select(i => ((double)i, 2.0 * i)).ToArray(); // a straight line is its own average inside
        Assert.All(TrainingPlots.Smooth(line, 5).Skip(2).SkipLast(2), p => Assert.Equal(2 * p.X, p.Y, 9));
        Assert.Throws<ArgumentOutOfRangeException>(() => TrainingPlots.Smooth(line, 0));
    }

    [Fact]
    public void PlotCommandWritesOnePngPerFigure()
    {
        string run = Path.Combine(_dir.Path, "run");
        Directory.CreateDirectory(run);
        var lines = ReportFixtures.MetricsLines(100);
        lines.Add("{torn");
        File.WriteAllLines(Path.Combine(run, "metrics.jsonl"), lines);
        string outDir = Path.Combine(_dir.Path, "figures");

        var (exit, reporter) = RecordingReporter.Run("plot", run, "--out", outDir);

        Assert.Equal(CliApp.Ok, exit);
        Assert.Equal([$"metrics.jsonl line {lines.Count}: not valid JSON; skipped"], reporter.Warnings);
        string[] expected = ["accuracy.png", "loss.png", "lr.png", "q_halt_accuracy.png", "steps.png", "throughput.png"];
        Assert.Equal(expected, Directory.GetFiles(outDir).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        foreach (string file in expected)
        {
            using var bitmap = SKBitmap.Decode(Path.Combine(outDir, file));
            Assert.NotNull(bitmap);
            Assert.Equal((TrainingPlots.Width, TrainingPlots.Height), (bitmap.Width, bitmap.Height));
        }
    }

    [Fact]
    public void PlotDefaultsToThePlotsFolderOfTheRun()
    {
        string run = Path.Combine(_dir.Path, "run");
        Directory.CreateDirectory(run);
        File.WriteAllLines(Path.Combine(run, "metrics.jsonl"), ReportFixtures.MetricsLines(30));
        var (exit, _) = RecordingReporter.Run("plot", run);
        Assert.Equal(CliApp.Ok, exit);
        Assert.True(File.Exists(Path.Combine(run, "plots", "loss.png")));
    }

    [Fact]
    public void AMissingMetricsFileIsBadInput()
    {
        string run = Path.Combine(_dir.Path, "empty-run");
        Directory.CreateDirectory(run);
        Assert.Throws<HrmException>(() => MetricsReader.Read(run));

        var (exit, reporter) = RecordingReporter.Run("plot", run);
        Assert.Equal(CliApp.BadInput, exit);
        Assert.Equal([$"{Path.Combine(run, "metrics.jsonl")}: no such metrics file (a run folder holds metrics.jsonl)"], reporter.Errors);
    }

    [Fact]
    public void AFileWithNothingToPlotIsBadInput()
    {
        string file = _dir.Write("metrics.jsonl", "oops\n");
        var (exit, reporter) = RecordingReporter.Run("plot", file);
        Assert.Equal(CliApp.BadInput, exit);
        Assert.Equal(["metrics.jsonl line 1: not valid JSON; skipped"], reporter.Warnings);
        Assert.Contains("no metrics to plot", Assert.Single(reporter.Errors));
    }
}
