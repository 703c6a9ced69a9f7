using HrmSharp.Tests.Data;
using HrmSharp.Experiments;
using HrmSharp.Tests.Training;
using HrmSharp.Training;

namespace HrmSharp.Tests.Experiments;

/// <summary>`hrm experiment ablate` end to end on the tiny synthetic config: folders, table, plot, skipping and resuming.</summary>
public sealed class AblationRunTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly string _preset;
    private string Out => Path.Combine(_dir.Path, "ablation");

    public AblationRunTests() => _preset = TinyRuns.WritePreset(_dir.Path, TinyRuns.Synthetic(steps: 50) with { Minutes = 30, EvalInterval = 1 });

    public void Dispose() => _dir.Dispose();

    private static List<string> CsvLines(string dir) =>
        [.. File.ReadAllLines(Path.Combine(dir, AblationRunner.CsvFile)).Where(l => l.Length > 0)];

    [Fact]
    public void TrainsOneRunPerValueEvaluatesEachSettingAndSkipsFinishedWorkWhenRerun()
    {
        string[] args = ["experiment", "ablate", "--preset", _preset, "--vary", "model.halt_max_steps=1,2", "--vary", "eval.segments=2,3",
            "--steps-per-run", "2", "--out", Out];
        var (exit, rep) = RecordingReporter.Run(args);
        Assert.True(exit == 0, string.Join("\n", rep.Errors));

        foreach (var run in new[] { "model.halt_max_steps=1", "model.halt_max_steps=2" })
        {
            var folder = new RunFolder(Path.Combine(Out, run));
            Assert.Equal(2, TrainerTests.TrainLines(folder.MetricsPath).Count); // --steps-per-run alone: the preset's minutes are dropped
            Assert.True(File.Exists(Path.Combine(folder.EvalDir, "summary.json")));
            Assert.True(File.Exists(Path.Combine(folder.Root, "eval.segments=2", "summary.json")));
            Assert.True(File.Exists(Path.Combine(folder.Root, "eval.segments=3", "summary.json")));
            Assert.Equal(run.EndsWith('1') ? 1 : 2, TrainConfig.Load(folder.ConfigPath).Model.HaltMaxSteps);
            Assert.Equal(0, TrainConfig.Load(folder.ConfigPath).EvalInterval); // no mid-run evaluations unless --set asks
        }
        // Evaluating at the segments the run trained with reproduces the run's own final evaluation.
        var trained2 = Path.Combine(Out, "model.halt_max_steps=2");
        Assert.Equal(File.ReadAllText(Path.Combine(trained2, "eval", "summary.json")), File.ReadAllText(Path.Combine(trained2, "eval.segments=2", "summary.json")));

        var csv = CsvLines(Out);
        Assert.Equal("model.halt_max_steps,eval.segments,steps,train_minutes,final_loss,exact,token_acc,params", csv[0]);
        Assert.Equal(["1,2", "1,3", "2,2", "2,3"], csv.Skip(1).Select(l => string.Join(',', l.Split(',')[..2])));
        Assert.All(csv.Skip(1), l => Assert.Equal("2", l.Split(',')[2]));
        Assert.Single(csv.Skip(1).Select(l => l.Split(',')[7]).Distinct()); // halt_max_steps changes no weight
        Assert.True(long.Parse(csv[1].Split(',')[7], System.Globalization.CultureInfo.InvariantCulture) > 0);
        // final_loss: the mean of the last tenth (here the last one) of the run's logged training losses.
        var lastLoss = System.Text.Json.Nodes.JsonNode.Parse(TrainerTests.TrainLines(new RunFolder(trained2).MetricsPath)[^1])!["loss"]!.GetValue<double>();
        Assert.Equal(lastLoss, double.Parse(csv[3].Split(',')[4], System.Globalization.CultureInfo.InvariantCulture), 4);

        var md = File.ReadAllText(Path.Combine(Out, AblationRunner.MarkdownFile));
        Assert.Contains("| model.halt_max_steps | eval.segments | steps |", md);
        Assert.Equal(4, md.Split('\n').Count(l => l.StartsWith("| 1 | ", StringComparison.Ordinal) || l.StartsWith("| 2 | ", StringComparison.Ordinal)));
        var png = File.ReadAllBytes(Path.Combine(Out, AblationRunner.PlotFile));
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);

        // Again: nothing is trained or evaluated twice, and the table is the same.
        var metricsBefore = File.ReadAllText(Path.Combine(trained2, "metrics.jsonl"));
        (exit, rep) = RecordingReporter.Run(args);
        Assert.True(exit == 0, string.Join("\n", rep.Errors));
        Assert.Equal(2, rep.Infos.Count(l => l.Contains("finished earlier, not trained again")));
        Assert.Equal(4, rep.Infos.Count(l => l.Contains("evaluated earlier")));
        Assert.Equal(metricsBefore, File.ReadAllText(Path.Combine(trained2, "metrics.jsonl")));
        Assert.Equal(csv, CsvLines(Out));
    }

    [Fact]
    public void AnInterruptedRunResumesFromItsCheckpoint()
    {
        // A run killed after one step: a checkpoint, no final evaluation.
        var config = AblationPlan.ConfigFor(TinyRuns.Synthetic(steps: 2) with { Minutes = 0, EvalInterval = 0 }, new AblationPoint([("model.H_cycles", "1")]));
        var folder = new RunFolder(Path.Combine(Out, "model.H_cycles=1"));
        using (var trainer = RunSetup.Start(config with { Steps = 1 }, folder, resume: false))
        {
            trainer.TrainStep();
            trainer.SaveCheckpoint(folder, 0);
        }

        var (exit, rep) = RecordingReporter.Run("experiment", "ablate", "--preset", _preset, "--vary", "model.H_cycles=1,2", "--steps-per-run", "2", "--out", Out);
        Assert.True(exit == 0, string.Join("\n", rep.Errors));
        Assert.Contains(rep.Infos, l => l.Contains("model.H_cycles=1: resuming"));
        Assert.Contains(rep.Infos, l => l.StartsWith("resumed from", StringComparison.Ordinal) && l.Contains("at step 1"));
        Assert.Contains(rep.Infos, l => l.Contains("model.H_cycles=2: training"));
        var csv = CsvLines(Out);
        Assert.Equal(["1,2", "2,2"], csv.Skip(1).Select(l => string.Join(',', l.Split(',')[..2])));
    }

    [Fact]
    public void EvaluationKnobsWorkInContextOnArc()
    {
        // One in-context run, evaluated with 1 and 2 voting views and more ACT segments than it trained with.
        var data = TestTasks.WriteRecolourFolder(Path.Combine(_dir.Path, "arc"), seed: 11);
        var (exit, rep) = RecordingReporter.Run("experiment", "ablate", "--preset", "hrm-context-tiny", "--data", data, "--out", Out,
            "--vary", "eval.views=1,2", "--vary", "eval.segments=1,3", "--steps-per-run", "2",
            "--set", "model.hidden_size=32", "--set", "model.num_heads=2", "--set", "model.H_layers=1", "--set", "model.L_layers=1",
            "--set", "model.halt_max_steps=2", "--set", "batch_size=2", "--set", "data.context_tokens_per_batch=256", "--set", "threads=1", "--set", "dtype=float32");
        Assert.True(exit == 0, string.Join("\n", rep.Errors));
        var csv = CsvLines(Out);
        Assert.Equal("eval.views,eval.segments,steps,train_minutes,final_loss,pass@2,exact,size,colour_acc,token_acc,params", csv[0]);
        Assert.Equal(["1,1", "1,3", "2,1", "2,3"], csv.Skip(1).Select(l => string.Join(',', l.Split(',')[..2])));
        Assert.True(Directory.Exists(Path.Combine(Out, "run", "eval.views=2,eval.segments=3")));
        Assert.Single(Directory.GetDirectories(Out)); // one training run
    }

    [Theory]
    [InlineData("model.hidden=1,2", "--vary model.hidden: unknown key 'hidden' in model")]
    [InlineData("model.H_cycles=", "--vary model.H_cycles: no values")]
    [InlineData("model.H_cycles=1,x", "--vary model.H_cycles=x: expected an integer")]
    public void BadVaryExitsWith2AndSaysWhy(string vary, string message)
    {
        var (exit, rep) = RecordingReporter.Run("experiment", "ablate", "--preset", _preset, "--vary", vary, "--out", Out);
        Assert.Equal(2, exit);
        Assert.Contains(rep.Errors, e => e.Contains(message, StringComparison.Ordinal));
        Assert.False(Directory.Exists(Out));
    }
}
