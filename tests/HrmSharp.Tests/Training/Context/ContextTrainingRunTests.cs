using HrmSharp.Tests.Data;
using HrmSharp.Data;
using HrmSharp.Modeling;
using HrmSharp.Training;
using static TorchSharp.torch;

namespace HrmSharp.Tests.Training.Context;

/// <summary>In-context training end to end on tiny generated ARC folders: episodes, resume, unseen-task evaluation.</summary>
public sealed class ContextTrainingRunTests
{
    /// <summary>Four recolouring tasks per split, three demos each, grids up to 4.</summary>
    internal static string WriteArcFolder(string root, int seed) =>
        TestTasks.WriteRecolourFolder(root, seed, tasksPerSplit: 4, demos: 3, maxSide: 4);

    internal static TrainConfig Config(string data, long steps) => TinyRuns.Synthetic(steps) with
    {
        Data = new DataConfig { Kind = DataKind.Arc, Conditioning = Conditioning.Context, Path = data, ContextTokensPerBatch = 256, EvalAugmentations = 2, Seed = 1 },
        Model = TinyRuns.Synthetic().Model with { Conditioning = Conditioning.Context, PosEncodings = PosEncoding.Rope2d, PuzzleEmbNdim = 0, HaltMaxSteps = 2 },
        CheckpointEvery = 3,
    };

    [Fact]
    public void AResumedInContextRunMatchesAnUninterruptedOneAndEvaluatesUnseenTasks()
    {
        using var dir = new TempDir();
        var data = WriteArcFolder(Path.Combine(dir.Path, "arc"), 5);
        var config = Config(data, steps: 6);

        var whole = new RunFolder(Path.Combine(dir.Path, "whole"));
        Tensor[] finalWhole;
        TrainResult result;
        using (var t = RunSetup.Start(config, whole, resume: false))
        {
            result = t.Run(whole, NullTrainingMonitor.Instance);
            finalWhole = ModelWeights.Named(t.Model).Select(kv => kv.Value.clone()).ToArray();
            Assert.Equal(Conditioning.Context, t.Config.Model.Conditioning);
            Assert.Equal(3, t.Episodes.Of(6)); // halt_max_steps 2: two segments per batch
        }
        // Evaluation reached both the training tasks' held-out test inputs and the unseen evaluation tasks.
        Assert.Equal(4, result.FinalEval!.Summary["eval_tasks"]);
        Assert.Equal(4, result.FinalEval.Summary["train_tasks"]);
        Assert.True(File.Exists(Path.Combine(whole.EvalDir, "submission.json")));
        Assert.Contains("\"steps\"", File.ReadAllText(Path.Combine(whole.EvalDir, "report.json")));
        // The report's headline carries the identity-view scores the summary has (the voting evaluator sees no tokens here).
        var head = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(whole.EvalDir, "report.json")))!["summary"]!;
        Assert.Equal(result.FinalEval.Summary["eval_token_accuracy"], head["token_accuracy"]!.GetValue<double>());
        Assert.Equal(result.FinalEval.Summary["eval_colour_accuracy"], head["colour_accuracy"]!.GetValue<double>());
        Assert.True(head["token_accuracy"]!.GetValue<double>() > 0, "a canvas with some cells right");

        // Stop mid-episode (step 3 of 2-step episodes) or at an episode boundary (step 4: the next batch has another
        // shape and starts from a fresh carry), resume: bit-identical metrics and weights.
        foreach (int stop in new[] { 3, 4 })
        {
            var parts = new RunFolder(Path.Combine(dir.Path, $"parts{stop}"));
            using (var t = RunSetup.Start(config with { Steps = stop }, parts, resume: false))
                t.Run(parts, NullTrainingMonitor.Instance);
            using (var t = RunSetup.Start(config, parts, resume: true))
            {
                Assert.Equal(stop, t.Step);
                t.Run(parts, NullTrainingMonitor.Instance);
                var finalParts = ModelWeights.Named(t.Model).Select(kv => kv.Value).ToArray();
                for (int i = 0; i < finalWhole.Length; i++)
                    Assert.True(finalWhole[i].eq(finalParts[i]).all().item<bool>(), $"parameter {i} differs after resuming at step {stop}");
            }
            Assert.Equal(TrainerTests.TrainLines(whole.MetricsPath), TrainerTests.TrainLines(parts.MetricsPath));
        }

        // `hrm solve` answers an evaluation task (never trained on) from the checkpoint: two attempts, a submission.
        var reporter = new RecordingReporter();
        var taskFile = Path.Combine(data, "evaluation", "e0.json");
        var submission = Path.Combine(dir.Path, "solve.json");
        int code = Cli.CliApp.Run(["solve", taskFile, "--checkpoint", whole.Root, "--views", "3", "--out", submission],
            new Cli.CliContext(reporter, TextWriter.Null, TextWriter.Null));
        Assert.Equal(0, code);
        Assert.Contains(reporter.Infos, l => l.StartsWith("e0 test 0:", StringComparison.Ordinal));
        var written = SubmissionReader.Read(submission);
        Assert.Equal(["e0"], written.TaskIds);
        Assert.Single(written["e0"]);
    }

    [Fact]
    public void AWarmStartBeginsFromTheSourceWeightsWithAFreshStepAndRefusesAModelOfAnotherShape()
    {
        using var dir = new TempDir();
        var data = WriteArcFolder(Path.Combine(dir.Path, "arc"), 6);
        var source = new RunFolder(Path.Combine(dir.Path, "source"));
        Dictionary<string, Tensor> averaged;
        using (var t = RunSetup.Start(Config(data, steps: 3) with { Ema = new EmaConfig { Enabled = true, Decay = 0.5 } }, source, resume: false))
        {
            t.Run(source, NullTrainingMonitor.Instance);
            averaged = t.Ema!.StateTensors().ToDictionary(kv => kv.Key, kv => kv.Value.clone());
            // The EMA weights are what the source evaluates with, and differ from its raw ones.
            Assert.Contains(t.Model.named_parameters(), p => !p.parameter.eq(averaged[p.name]).all().item<bool>());
        }

        // A second stage (another budget, another data seed, no EMA) from the first one's weights: step 0, the source's
        // averaged tensors.
        var stage2 = Config(data, steps: 2) with { InitFrom = source.Root, Data = Config(data, 2).Data with { Seed = 9 } };
        var infos = new List<string>();
        var second = new RunFolder(Path.Combine(dir.Path, "second"));
        using (var t = RunSetup.Start(stage2, second, resume: false, info: infos.Add))
        {
            Assert.Equal(0, t.Step);
            foreach (var (name, p) in t.Model.named_parameters())
                Assert.True(p.eq(averaged[name]).all().item<bool>(), $"parameter {name} is not the source's EMA weight");
            t.Run(second, NullTrainingMonitor.Instance);
        }
        Assert.Contains(infos, l => l.StartsWith("weights from ", StringComparison.Ordinal) && l.Contains("step 3", StringComparison.Ordinal));
        // Resuming the second stage continues its own checkpoint, not the source's weights again.
        using (var t = RunSetup.Start(stage2 with { Steps = 3 }, second, resume: true))
            Assert.Equal(2, t.Step);

        // Another width cannot take these weights: one message naming the setting to compare, exit code 2 from the CLI.
        var reporter = new RecordingReporter();
        int code = Cli.CliApp.Run(["train", "--preset",
            TinyRuns.WritePreset(dir.Path, Config(data, 1) with { Model = Config(data, 1).Model with { HiddenSize = 64, NumHeads = 4 } }),
            "--init", source.Root, "--out", Path.Combine(dir.Path, "wide")], new Cli.CliContext(reporter, TextWriter.Null, TextWriter.Null));
        Assert.Equal(2, code);
        Assert.Contains(reporter.Errors, e => e.Contains("do not build the checkpoint's tensors", StringComparison.Ordinal));
        Assert.Contains(reporter.Errors, e => e.Contains("has shape", StringComparison.Ordinal));
        var missing = new RecordingReporter();
        Assert.Equal(2, Cli.CliApp.Run(["train", "--preset", TinyRuns.WritePreset(dir.Path, Config(data, 1)), "--init", Path.Combine(dir.Path, "nothing"),
            "--out", Path.Combine(dir.Path, "none")], new Cli.CliContext(missing, TextWriter.Null, TextWriter.Null)));
        Assert.Contains(missing.Errors, e => e.Contains("no such checkpoint or run folder", StringComparison.Ordinal));
    }

    [Fact]
    public void SolveRefusesAPuzzleIdCheckpointWithExitCode2()
    {
        using var dir = new TempDir();
        var folder = new RunFolder(Path.Combine(dir.Path, "run"));
        using (var t = RunSetup.Start(TinyRuns.Synthetic(steps: 1) with { Data = TinyRuns.Synthetic().Data with { EvalCount = 0 } }, folder, resume: false))
            t.Run(folder, NullTrainingMonitor.Instance);
        var data = WriteArcFolder(Path.Combine(dir.Path, "arc"), 2);
        var reporter = new RecordingReporter();
        int code = Cli.CliApp.Run(["solve", Path.Combine(data, "evaluation", "e1.json"), "--checkpoint", folder.Root],
            new Cli.CliContext(reporter, TextWriter.Null, TextWriter.Null));
        Assert.Equal(2, code);
        Assert.Contains(reporter.Errors, e => e.Contains("conditions on puzzle identifiers", StringComparison.Ordinal));
    }

    [Fact]
    public void ConditioningAndPosFlagsTurnAnArcPresetIntoAnInContextRun()
    {
        using var dir = new TempDir();
        var data = WriteArcFolder(Path.Combine(dir.Path, "arc"), 3);
        var run = Path.Combine(dir.Path, "run");
        var reporter = new RecordingReporter();
        int code = Cli.CliApp.Run(["train", "--preset", "hrm-tiny", "--data", data, "--conditioning", "context", "--pos", "rope2d", "--steps", "1",
            "--set", "model.hidden_size=32", "--set", "model.num_heads=2", "--set", "model.H_layers=1", "--set", "model.L_layers=1",
            "--set", "data.eval_count=0", "--set", "threads=1", "--out", run], new Cli.CliContext(reporter, TextWriter.Null, TextWriter.Null));
        Assert.True(code == 0, string.Join("\n", reporter.Errors));
        var saved = TrainConfig.Load(Path.Combine(run, "config.json"));
        Assert.Equal(Conditioning.Context, saved.Model.Conditioning);
        Assert.Equal(PosEncoding.Rope2d, saved.Model.PosEncodings);
        Assert.Equal(0, saved.Model.PuzzleEmbNdim);

        var bad = new RecordingReporter();
        Assert.Equal(2, Cli.CliApp.Run(["train", "--conditioning", "bogus"], new Cli.CliContext(bad, TextWriter.Null, TextWriter.Null)));
        Assert.Contains(bad.Errors, e => e.Contains("--conditioning: unknown value 'bogus'", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("model.norm=middle", "model.norm")]
    [InlineData("optimizer.grad_clip=-1", "optimizer.grad_clip must be positive (or 0 = off), got -1")]
    [InlineData("model.rope_frames=dihedral", "rope_frames dihedral turns output grids' 2D rotary positions")]
    [InlineData("model.paired_colours=dihedral", "paired_colours tells output grids their paired input's colours: it needs conditioning context")]
    [InlineData("model.paired_colours=mirror", "model.paired_colours")]
    [InlineData("data.context_tokens_per_batch=0", "data.context_tokens_per_batch must be at least 64, got 0")]
    public void BadRecipeSettingsEndWithOneMessageAndExitCode2(string set, string message)
    {
        var reporter = new RecordingReporter();
        int code = Cli.CliApp.Run(["train", "--preset", "hrm-tiny", "--data", "nowhere", "--steps", "1", "--set", set],
            new Cli.CliContext(reporter, TextWriter.Null, TextWriter.Null));
        Assert.Equal(2, code);
        Assert.Contains(reporter.Errors, e => e.Contains(message, StringComparison.Ordinal));
    }
}
