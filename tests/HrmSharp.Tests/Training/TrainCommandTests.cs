using HrmSharp.IO;
using HrmSharp.Modeling;
using HrmSharp.Training;

namespace HrmSharp.Tests.Training;

/// <summary>The train, eval, export and bench train commands, in process, on a tiny synthetic config.</summary>
public sealed class TrainCommandTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly string _preset;
    private string Run => Path.Combine(_dir.Path, "run");

    public TrainCommandTests() => _preset = TinyRuns.WritePreset(_dir.Path, TinyRuns.Synthetic(steps: 4) with { CheckpointEvery = 2 });

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void SummaryPrintsCountsAsIntegersAndFractionsAsPercentages()
    {
        var summary = new Dictionary<string, double>
        {
            ["train_tasks"] = 60, ["eval_test_inputs"] = 63, ["scored_tasks"] = 5, ["eval_pass@2"] = 0.25, ["token_accuracy"] = 0.5,
        };
        Assert.Equal("train_tasks 60, eval_test_inputs 63, scored_tasks 5, eval_pass@2 25.0 %, token_accuracy 50.0 %",
            HrmSharp.Cli.Commands.TrainCommand.FormatSummary(summary).Replace('\u00a0', ' '));
    }

    [Fact]
    public void TrainWritesConfigMetricsCheckpointAndEvaluationThenResumes()
    {
        var (exit, rep) = RecordingReporter.Run("train", "--preset", _preset, "--out", Run, "--set", "log_every=1");
        Assert.True(exit == 0, string.Join("\n", rep.Errors));
        var folder = new RunFolder(Run);
        Assert.True(File.Exists(folder.ConfigPath));
        Assert.Equal(4, TrainerTests.TrainLines(folder.MetricsPath).Count);
        Assert.Equal("checkpoint-0000004", Path.GetFileName(folder.LatestCheckpoint));
        Assert.True(File.Exists(Path.Combine(folder.EvalDir, "report.json")));
        Assert.Contains(rep.Infos, l => l.StartsWith("trained 4 steps in", StringComparison.Ordinal));
        Assert.Contains(rep.Infos, l => l.StartsWith("held-out evaluation (synthetic: 12 held-out sequences): examples 12, exact_accuracy", StringComparison.Ordinal));

        // Again into the same folder: refused without --resume; with it (no --preset: the run's own config) it continues.
        (exit, rep) = RecordingReporter.Run("train", "--preset", _preset, "--out", Run);
        Assert.Equal(2, exit);
        Assert.Contains(rep.Errors, e => e.Contains("already holds a run"));
        (exit, rep) = RecordingReporter.Run("train", "--out", Run, "--resume", "--steps", "6");
        Assert.True(exit == 0, string.Join("\n", rep.Errors));
        Assert.Contains(rep.Infos, l => l.StartsWith("resumed from", StringComparison.Ordinal) && l.Contains("at step 4"));
        Assert.Equal(6, TrainerTests.TrainLines(folder.MetricsPath).Count);
        Assert.Equal("checkpoint-0000006", Path.GetFileName(folder.LatestCheckpoint));
    }

    [Fact]
    public void EvalAndExportReadACheckpoint()
    {
        Assert.Equal(0, RecordingReporter.Run("train", "--preset", _preset, "--out", Run).Exit);

        var evalDir = Path.Combine(_dir.Path, "eval");
        var (exit, rep) = RecordingReporter.Run("eval", "--checkpoint", Run, "--out", evalDir, "--batch-size", "5");
        Assert.True(exit == 0, string.Join("\n", rep.Errors));
        Assert.True(File.Exists(Path.Combine(evalDir, "report.json")));
        // Same weights, same held-out set: the same numbers as the run's own final evaluation.
        Assert.Equal(File.ReadAllText(Path.Combine(Run, "eval", "summary.json")), File.ReadAllText(Path.Combine(evalDir, "summary.json")));

        var exported = Path.Combine(_dir.Path, "model.safetensors");
        (exit, rep) = RecordingReporter.Run("export", "--checkpoint", Run, "--safetensors", exported);
        Assert.True(exit == 0, string.Join("\n", rep.Errors));
        using var file = Safetensors.Read(exported);
        Assert.Contains("inner.H_level.layers.0.self_attn.qkv_proj.weight", file.Names);
        Assert.Contains("inner.L_level.layers.0.mlp.gate_up_proj.weight", file.Names);
        Assert.Contains("inner.puzzle_emb.weights", file.Names);
        Assert.Contains("inner.q_head.bias", file.Names);
        var config = ModelConfig.FromJson(file.Metadata["hrmsharp_model_config"]);
        using var model = new ActModel(config);
        ModelWeights.Load(model, file.Tensors, "exported"); // strict: every name and shape matches
    }

    [Theory]
    [InlineData("train", "--preset", "no-such-preset", "unknown preset 'no-such-preset'")]
    [InlineData("train", "--set", "model.hiden=3", "unknown key 'hiden' in model")]
    [InlineData("train", "--dtype", "fp8", "unknown value 'fp8'")]
    [InlineData("train", "--device", "cuda", "no CUDA device is available")]
    [InlineData("train", "--resume", "", "--resume needs --out")]
    [InlineData("eval", "--checkpoint", "/no/such/run", "/no/such/run: no such checkpoint or run folder")]
    [InlineData("export", "--checkpoint", "/no/such/run", "/no/such/run: no such checkpoint or run folder")]
    public void BadInputExitsWith2AndSaysWhy(string command, string option, string value, string message)
    {
        string[] args = value.Length == 0 ? [command, option] : [command, option, value];
        if (command == "train" && option is not ("--preset" or "--resume")) args = [.. args, "--preset", _preset, "--out", Path.Combine(_dir.Path, "bad")];
        if (command == "export") args = [.. args, "--safetensors", Path.Combine(_dir.Path, "x.safetensors")];
        var (exit, rep) = RecordingReporter.Run(args);
        Assert.Equal(2, exit);
        Assert.Contains(rep.Errors, e => e.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void ADamagedCheckpointExitsWith2()
    {
        Assert.Equal(0, RecordingReporter.Run("train", "--preset", _preset, "--out", Run).Exit);
        var weights = Path.Combine(new RunFolder(Run).LatestCheckpoint!, Checkpoint.ModelFile);
        File.WriteAllBytes(weights, File.ReadAllBytes(weights)[..64]);
        foreach (var args in new[] { new[] { "eval", "--checkpoint", Run }, ["export", "--checkpoint", Run, "--safetensors", Path.Combine(_dir.Path, "x.st")],
            ["train", "--out", Run, "--resume", "--steps", "8"] })
        {
            var (exit, rep) = RecordingReporter.Run(args);
            Assert.Equal(2, exit);
            Assert.Contains(rep.Errors, e => e.Contains("checkpoint-0000004/model.safetensors"));
        }
    }

    [Fact]
    public void BenchTrainReportsSpeedAndShareOfPeak()
    {
        var (exit, rep) = RecordingReporter.Run("bench", "train", "--preset", _preset, "--steps", "2", "--warmup", "1");
        Assert.True(exit == 0, string.Join("\n", rep.Errors));
        Assert.Contains(rep.Infos, l => l.StartsWith("step time ", StringComparison.Ordinal) && l.Contains("(median of 2; mean "));
        Assert.Contains(rep.Infos, l => l.StartsWith("tokens/s ", StringComparison.Ordinal));
        Assert.Contains(rep.Infos, l => l.StartsWith("model ", StringComparison.Ordinal) && l.Contains("of peak"));
        Assert.Contains(rep.Infos, l => l.StartsWith("data loading ", StringComparison.Ordinal));
    }
}
