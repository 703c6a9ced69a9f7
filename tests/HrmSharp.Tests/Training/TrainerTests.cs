using System.Text.Json.Nodes;
using HrmSharp.Modeling;
using HrmSharp.Training;
using HrmSharp.Training.Data;
using static TorchSharp.torch;

namespace HrmSharp.Tests.Training;

public sealed class TrainerTests
{
    private static Trainer Create(TrainConfig config)
    {
        var data = DataFactory.Create(config.Data);
        return new Trainer(Trainer.Effective(config, data.Train), data);
    }

    /// <summary>The train lines of metrics.jsonl without the wall-clock fields.</summary>
    internal static List<string> TrainLines(string metricsPath) =>
        File.ReadLines(metricsPath).Select(l => JsonNode.Parse(l)!.AsObject())
            .Where(o => o["kind"]!.GetValue<string>() == "train")
            .Select(o =>
            {
                foreach (var k in MetricsLog.TimingKeys) o.Remove(k);
                return o.ToJsonString();
            }).ToList();

    [Theory]
    [InlineData(1, false, false)]
    [InlineData(2, false, false)] // two half batches whose backward passes add into the same gradients from two threads
    [InlineData(2, true, false)]  // bf16: on an AVX-512 BF16 CPU attention is the fused kernel's autograd node, on both threads
    [InlineData(2, false, true)]  // the in-context recipe's knobs: pre-norm gains, two optimiser groups, clipping
    public void AStoppedAndResumedRunMatchesAnUninterruptedOneBitForBit(int streams, bool bf16, bool recipe)
    {
        using var dir = new TempDir();
        var config = TinyRuns.Synthetic(steps: 10) with
        {
            CheckpointEvery = 5, Streams = streams, DType = bf16 ? DTypeChoice.Bfloat16 : DTypeChoice.Float32,
        };
        if (recipe)
            config = config with
            {
                Model = config.Model with { Norm = NormPlacement.Pre, ScaledResidualInit = true, StateInitScale = 0 },
                Optimizer = config.Optimizer with
                {
                    // (lr_min_ratio stays 1: a cosine spans the step budget, which the first part sets to 5)
                    Name = OptimizerConfig.AdamWName, DecayMatricesOnly = true, GradClip = 0.5, WeightDecay = 0.05,
                },
            };

        var whole = new RunFolder(Path.Combine(dir.Path, "whole"));
        Tensor[] finalWhole;
        byte[] rngWhole;
        using (var t = RunSetup.Start(config, whole, resume: false))
        {
            t.Run(whole, NullTrainingMonitor.Instance);
            finalWhole = ModelWeights.Named(t.Model).Select(kv => kv.Value.clone()).ToArray();
            rngWhole = t.Model.ExplorationRng.get_state().data<byte>().ToArray();
        }

        var parts = new RunFolder(Path.Combine(dir.Path, "parts"));
        using (var t = RunSetup.Start(config with { Steps = 5 }, parts, resume: false))
            Assert.Equal(5, t.Run(parts, NullTrainingMonitor.Instance).Steps);
        using (var t = RunSetup.Start(config, parts, resume: true))
        {
            Assert.Equal(5, t.Step);
            Assert.Equal(10, t.Run(parts, NullTrainingMonitor.Instance).Steps);
            var finalParts = ModelWeights.Named(t.Model).Select(kv => kv.Value).ToArray();
            for (int i = 0; i < finalWhole.Length; i++)
                Assert.True(finalWhole[i].eq(finalParts[i]).all().item<bool>(), $"parameter {i} differs after resume");
            // The exploration draws continue where they stopped (at init the Q head never halts early, so in ten
            // steps the draws cannot show in the metrics; the generator's state must match all the same).
            Assert.Equal(rngWhole, t.Model.ExplorationRng.get_state().data<byte>().ToArray());
        }

        var expected = TrainLines(whole.MetricsPath);
        Assert.Equal(10, expected.Count);
        Assert.Equal(expected, TrainLines(parts.MetricsPath));
    }

    [Fact]
    public void MetricsAreNormalisedAsTheReferenceDoes()
    {
        using var trainer = Create(TinyRuns.Synthetic());
        var schedule = new LearningRateSchedule(3, 10);
        for (int i = 1; i <= 6; i++)
        {
            var m = trainer.TrainStep();
            Assert.Equal(i, m.Step);
            Assert.Equal(schedule.At(3e-3, i), m.Lr);     // rate of step i: warm-up 1/3, 2/3, then 1
            Assert.Equal(schedule.At(1e-2, i), m.PuzzleEmbLr);
            Assert.InRange(m.Count, 0, 8);
            if (m.Count > 0)
            {
                Assert.InRange(m.Accuracy, 0, 1);
                Assert.InRange(m.ExactAccuracy, 0, 1);
                Assert.InRange(m.QHaltAccuracy, 0, 1);
                Assert.InRange(m.Steps, 1, 3);             // mean ACT segments of the finished rows
            }
            else
            {
                Assert.Equal(0, m.Accuracy);
            }
            // Loss per sequence: lm loss is a mean token loss per row summed over rows, then / batch.
            Assert.Equal(m.LmLoss + 0.5 * (m.QHaltLoss + m.QContinueLoss!.Value), m.Loss, 12);
            Assert.InRange(m.LmLoss, 0.05, 10);
        }
        Assert.Equal(6, trainer.Step);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void PuzzleEmbeddingRowsOfTheBatchMoveBySignSgd(int streams)
    {
        using var trainer = Create(TinyRuns.Synthetic() with { Streams = streams });
        var table = trainer.Model.PuzzleEmbedding!.Weights;
        Assert.Equal(0, table.abs().sum().item<float>()); // zero-initialised
        trainer.TrainStep();
        // Step 1: rate 1e-2 · 1/3; a row starts at 0, so decay does nothing and each entry moves by exactly ±lr or 0.
        double lr = 1e-2 / 3;
        var row = table[0].data<float>().ToArray();
        Assert.Contains(row, v => v != 0);
        Assert.All(row, v => Assert.True(v == 0 || Math.Abs(Math.Abs(v) - lr) < 1e-9, $"entry {v}"));
    }

    [Fact]
    public void TwoStreamsTrainAsOneBatchDoes()
    {
        // Same draws, same rows, same losses: only the rounding of the split matmuls and the two-part gradient sums differ.
        var config = TinyRuns.Synthetic(steps: 8) with { Model = TinyRuns.Synthetic().Model with { HaltExplorationProb = 1.0 } };
        var runs = new[] { 1, 2 }.Select(streams =>
        {
            using var trainer = Create(config with { Streams = streams });
            var metrics = Enumerable.Range(0, 8).Select(_ => trainer.TrainStep()).ToArray();
            var weights = ModelWeights.Named(trainer.Model).Select(kv => kv.Value.clone()).ToArray();
            return (metrics, weights);
        }).ToArray();
        var (one, two) = (runs[0], runs[1]);
        for (int i = 0; i < 8; i++)
        {
            Assert.Equal(one.metrics[i].Count, two.metrics[i].Count);
            Assert.Equal(one.metrics[i].Steps, two.metrics[i].Steps);
            Assert.Equal(one.metrics[i].Loss, two.metrics[i].Loss, 1e-4);
            Assert.Equal(one.metrics[i].Accuracy, two.metrics[i].Accuracy, 1e-6);
        }
        for (int i = 0; i < one.weights.Length; i++)
            Assert.True(one.weights[i].allclose(two.weights[i], rtol: 1e-3, atol: 1e-5), $"parameter {i} differs");
        Assert.Contains(one.weights, w => w.abs().sum().item<float>() > 0);
    }

    [Fact]
    public void TrainingLearnsTheSyntheticTask()
    {
        var config = TinyRuns.Synthetic(steps: 60) with
        {
            Model = TinyRuns.Synthetic().Model with { HaltMaxSteps = 1, HCycles = 1, LCycles = 1 },
            Data = TinyRuns.Synthetic().Data with { SyntheticSeqLen = 6, SyntheticVocab = 4, TrainCount = 256 },
            BatchSize = 32,
            Optimizer = TinyRuns.Synthetic().Optimizer with { Lr = 1e-2 },
        };
        using var trainer = Create(config);
        var first = trainer.TrainStep();
        StepMetrics last = first;
        for (int i = 1; i < config.Steps; i++) last = trainer.TrainStep();
        Assert.True(last.LmLoss < first.LmLoss * 0.6, $"lm loss {first.LmLoss} -> {last.LmLoss}");
        var eval = trainer.RunEvaluation();
        Assert.True(eval.Summary["token_accuracy"] > 0.5, $"held-out token accuracy {eval.Summary["token_accuracy"]}");
    }

    [Fact]
    public void EmaWeightsAreUsedForEvaluationAndLiveWeightsComeBack()
    {
        var config = TinyRuns.Synthetic(steps: 3) with { Ema = new EmaConfig { Enabled = true, Decay = 0.5 } };
        using var trainer = Create(config);
        for (int i = 0; i < 3; i++) trainer.TrainStep();
        var live = ModelWeights.Named(trainer.Model).Select(kv => kv.Value.clone()).ToArray();
        var withEma = trainer.RunEvaluation().Summary["token_accuracy"];
        var after = ModelWeights.Named(trainer.Model).Select(kv => kv.Value).ToArray();
        for (int i = 0; i < live.Length; i++)
            Assert.True(live[i].eq(after[i]).all().item<bool>());
        Assert.InRange(withEma, 0, 1);
        Assert.NotEqual(trainer.Ema!.StateTensors().First().Value.data<float>().ToArray(),
            trainer.Model.named_parameters().First().parameter.data<float>().ToArray());
    }

    [Fact]
    public void StepBudgetAndFinalCheckpointAndEvaluation()
    {
        using var dir = new TempDir();
        var folder = new RunFolder(dir.Path);
        var config = TinyRuns.Synthetic(steps: 4) with { CheckpointEvery = 3, EvalInterval = 2, KeepCheckpoints = 0 };
        using var trainer = RunSetup.Start(config, folder, resume: false);
        var result = trainer.Run(folder, NullTrainingMonitor.Instance);
        Assert.Equal(4, result.Steps);
        Assert.NotNull(result.FinalEval);
        Assert.Equal(["checkpoint-0000003", "checkpoint-0000004"], CheckpointFolders.List(folder.CheckpointsDir).Select(Path.GetFileName));
        Assert.Equal("checkpoint-0000004", Path.GetFileName(folder.LatestCheckpoint));
        var kinds = File.ReadLines(folder.MetricsPath).Select(l => JsonNode.Parse(l)!["kind"]!.GetValue<string>() + JsonNode.Parse(l)!["step"]).ToList();
        Assert.Equal(["train1", "train2", "eval2", "train3", "train4", "eval4"], kinds);
        Assert.True(File.Exists(Path.Combine(folder.EvalDir, "report.json")));
        Assert.True(File.Exists(Path.Combine(folder.EvalDir, "summary.json")));
        Assert.Equal(config.Model with { ForwardDtype = ForwardDType.Float32, VocabSize = 6, SeqLen = 12, NumPuzzleIdentifiers = 1 },
            TrainConfig.Load(folder.ConfigPath).Model);
    }

    private sealed class CancelAt(long step, CancellationTokenSource source) : ITrainingMonitor
    {
        public void Info(string line) { }
        public void Step(StepMetrics metrics, double fraction) { if (metrics.Step == step) source.Cancel(); }
        public void Evaluated(long s, EvalResult result) { }
        public void Checkpointed(string folder) { }
    }

    [Fact]
    public void CancellingStopsAfterTheStepWithACheckpointAndNoEvaluation()
    {
        using var dir = new TempDir();
        var folder = new RunFolder(dir.Path);
        using var cancel = new CancellationTokenSource();
        using var trainer = RunSetup.Start(TinyRuns.Synthetic(steps: 10), folder, resume: false);
        var result = trainer.Run(folder, new CancelAt(3, cancel), cancel.Token);
        Assert.Equal(3, result.Steps);
        Assert.Null(result.FinalEval);
        Assert.Equal("checkpoint-0000003", Path.GetFileName(folder.LatestCheckpoint));
        Assert.False(Directory.Exists(folder.EvalDir));
    }

    [Fact]
    public void KeepsOnlyTheNewestCheckpoints()
    {
        using var dir = new TempDir();
        var folder = new RunFolder(dir.Path);
        using var trainer = RunSetup.Start(TinyRuns.Synthetic(steps: 4) with { CheckpointEvery = 1, KeepCheckpoints = 2, Data = TinyRuns.Synthetic().Data with { EvalCount = 0 } },
            folder, resume: false);
        trainer.Run(folder, NullTrainingMonitor.Instance);
        Assert.Equal(["checkpoint-0000003", "checkpoint-0000004"], CheckpointFolders.List(folder.CheckpointsDir).Select(Path.GetFileName));
        Assert.Empty(Directory.EnumerateDirectories(folder.CheckpointsDir, ".*")); // no temporary folders left
    }

    [Fact]
    public void ANewRunRefusesAFolderThatHoldsOne()
    {
        using var dir = new TempDir();
        var folder = new RunFolder(dir.Path);
        using (var t = RunSetup.Start(TinyRuns.Synthetic(steps: 1), folder, resume: false))
            t.Run(folder, NullTrainingMonitor.Instance);
        var ex = Assert.Throws<HrmException>(() => RunSetup.Start(TinyRuns.Synthetic(steps: 2), folder, resume: false));
        Assert.Contains("already holds a run: pass --resume", ex.Message);
        ex = Assert.Throws<HrmException>(() => RunSetup.Start(TinyRuns.Synthetic(steps: 2) with { BatchSize = 4 }, folder, resume: true));
        Assert.Contains("cannot resume checkpoint-0000001: batch_size is 8 in the checkpoint but 4 in this run", ex.Message);
    }
}
