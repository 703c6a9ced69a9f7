using HrmSharp.Data;
using HrmSharp.Encoding.Context;
using HrmSharp.Evaluation;
using HrmSharp.Modeling;
using HrmSharp.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace HrmSharp.Tests.Training;

/// <summary>Test-time training in the library: it learns the task's demos, never touches the base model, is deterministic and order-free.</summary>
public sealed class TestTimeTrainingTests
{
    private static TestTimeTraining Ttt(int steps, TttParams subset = TttParams.All, int seed = 0, double lr = 3e-3) =>
        new(new TttOptions { Steps = steps, Lr = lr, Params = subset, Seed = seed, TokensPerBatch = 1024 }, CPU);

    private static Dictionary<string, Tensor> Snapshot(nn.Module model) =>
        model.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().clone());

    private static bool Same(Tensor a, Tensor b) => a.eq(b).all().item<bool>();

    /// <summary>
    /// The model's training loss on the task's own demos, measured apart from TTT: identity view, leave-one-out
    /// sequences, eval mode (every row runs all ACT segments), token loss summed over segments, per sequence.
    /// </summary>
    private static double DemoLoss(ActModel model, ArcTask task)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var seqs = new ContextEncoder().LeaveOneOut(task, includeTests: false);
        var batch = ContextBatch.Build(seqs, new BatchPlan([.. seqs.Select((_, i) => new[] { i })], seqs.Max(s => s.Length)));
        var act = ContextBatchTensors.ToActBatch(batch);
        var head = new ActLossHead(model);
        bool wasTraining = model.training;
        model.eval();
        var carry = head.InitialCarry(act);
        double total = 0;
        for (int s = 0; s < model.Config.HaltMaxSteps; s++)
        {
            var r = head.Forward(carry, act);
            total += r.Metrics.LmLoss.to(ScalarType.Float64).item<double>();
            carry = r.Carry;
        }
        model.train(wasTraining);
        return total / seqs.Count;
    }

    [Fact]
    public void TwentyStepsLowerTheLossOnTheTasksOwnDemosAndLeaveTheBaseModelAlone()
    {
        using var scope = NewDisposeScope();
        using var baseModel = new ActModel(TttTasks.Model(), seed: 3);
        var task = TttTasks.ColourMap("map", 11);
        var before = Snapshot(baseModel);
        double baseLoss = DemoLoss(baseModel, task);

        using var adapted = Ttt(20).Adapt(baseModel, task);
        double tunedLoss = DemoLoss(adapted.Model, task);

        Assert.NotSame(baseModel, adapted.Model);
        Assert.Null(adapted.Result.Skipped);
        Assert.Equal(20, adapted.Result.Steps);
        Assert.Equal(3, adapted.Result.Sequences);
        Assert.True(tunedLoss < 0.8 * baseLoss, $"demo loss {baseLoss:F3} → {tunedLoss:F3}");
        Assert.True(adapted.Result.LastLoss < adapted.Result.FirstLoss, $"TTT loss {adapted.Result.FirstLoss:F3} → {adapted.Result.LastLoss:F3}");
        foreach (var (name, p) in baseModel.named_parameters())
            Assert.True(Same(before[name], p), $"the base model's {name} changed");
        Assert.Equal(baseLoss, DemoLoss(baseModel, task));
    }

    [Fact]
    public void TheSameSeedGivesTheSameWeightsAndAnotherSeedOthers()
    {
        using var scope = NewDisposeScope();
        using var baseModel = new ActModel(TttTasks.Model(), seed: 3);
        var task = TttTasks.ColourMap("map", 12);
        Dictionary<string, Tensor> Tuned(int seed)
        {
            using var a = Ttt(4, seed: seed).Adapt(baseModel, task);
            return Snapshot(a.Model);
        }
        var first = Tuned(1);
        var again = Tuned(1);
        var other = Tuned(2);
        Assert.All(first, kv => Assert.True(Same(kv.Value, again[kv.Key]), $"{kv.Key} differs between two runs with seed 1"));
        Assert.Contains(first, kv => !Same(kv.Value, other[kv.Key]));
    }

    [Fact]
    public void TestOutputsAreNeverRead()
    {
        using var scope = NewDisposeScope();
        using var baseModel = new ActModel(TttTasks.Model(), seed: 3);
        using var withAnswers = Ttt(4).Adapt(baseModel, TttTasks.ColourMap("map", 13, testOutputs: true));
        using var without = Ttt(4).Adapt(baseModel, TttTasks.ColourMap("map", 13, testOutputs: false));
        var a = Snapshot(withAnswers.Model);
        Assert.All(Snapshot(without.Model), kv => Assert.True(Same(kv.Value, a[kv.Key]), kv.Key));
        Assert.Equal(withAnswers.Result.LastLoss, without.Result.LastLoss);
    }

    [Fact]
    public void TasksInEitherOrderGetTheSameAnswers()
    {
        using var scope = NewDisposeScope();
        using var baseModel = new ActModel(TttTasks.Model(), seed: 5);
        var a = TttTasks.ColourMap("a", 21);
        var b = TttTasks.ColourMap("b", 22, demos: 2, shift: 3);
        var predictor = new ContextPredictor(baseModel, CPU, ttt: Ttt(3, seed: 9));
        var ab = predictor.Predict([a, b], augmentations: 2, seed: 4);
        var ba = predictor.Predict([b, a], augmentations: 2, seed: 4);
        foreach (var id in new[] { "a", "b" })
        {
            var x = ab.Evaluator.Ranked(id, 0);
            var y = ba.Evaluator.Ranked(id, 0);
            Assert.Equal(x.Select(c => (c.Grid.ToString(), c.Votes, c.MeanQ)), y.Select(c => (c.Grid.ToString(), c.Votes, c.MeanQ)));
            var rx = ab.Ttt.Single(r => r.TaskId == id);
            var ry = ba.Ttt.Single(r => r.TaskId == id);
            Assert.Equal((rx.Steps, rx.FirstLoss, rx.LastLoss), (ry.Steps, ry.FirstLoss, ry.LastLoss));
        }
        Assert.Equal(["a", "b"], ab.Ttt.Select(r => r.TaskId));
    }

    [Theory]
    [InlineData(TttParams.All)]
    [InlineData(TttParams.EmbeddingsHeads)]
    [InlineData(TttParams.Last)]
    public void ASubsetTrainsExactlyItsParameters(TttParams subset)
    {
        using var scope = NewDisposeScope();
        using var baseModel = new ActModel(TttTasks.Model(), seed: 3);
        var names = baseModel.named_parameters().Select(p => p.name).ToList();
        bool head = false;
        // Expected subsets written out from the model's layout (two layers per level: 0 and 1).
        Func<string, bool> expected = subset switch
        {
            TttParams.All => _ => true,
            TttParams.EmbeddingsHeads => n => n.StartsWith("inner.embed_tokens.") || n.StartsWith("inner.context_emb.")
                || n.StartsWith("inner.lm_head.") || n.StartsWith("inner.q_head."),
            _ => n => n.StartsWith("inner.H_level.layers.1.") || n.StartsWith("inner.L_level.layers.1.") || n.StartsWith("inner.lm_head.") || n.StartsWith("inner.q_head."),
        };
        var want = names.Where(expected).ToHashSet();
        Assert.Equal(want.OrderBy(n => n), TestTimeTraining.Select(baseModel, subset).OrderBy(n => n));

        var before = Snapshot(baseModel);
        using var adapted = Ttt(4, subset).Adapt(baseModel, TttTasks.ColourMap("map", 14));
        foreach (var (name, p) in adapted.Model.named_parameters())
        {
            bool changed = !Same(before[name], p);
            if (!want.Contains(name))
                Assert.False(changed, $"{name} is outside '{subset.Name()}' but changed");
            head |= changed && name.StartsWith("inner.lm_head.", StringComparison.Ordinal);
        }
        Assert.True(head, "lm_head did not change");
        Assert.All(adapted.Model.parameters(), p => Assert.True(p.requires_grad));
    }

    [Fact]
    public void ATaskWithOneDemoTrainsOnItWithEmptyContext()
    {
        using var scope = NewDisposeScope();
        using var baseModel = new ActModel(TttTasks.Model(), seed: 3);
        using var adapted = Ttt(2).Adapt(baseModel, TttTasks.ColourMap("lone", 15, demos: 1));
        Assert.Null(adapted.Result.Skipped);
        Assert.Equal(1, adapted.Result.Sequences);
        Assert.Equal(2, adapted.Result.Steps);
        Assert.NotSame(baseModel, adapted.Model);
    }

    [Fact]
    public void SequencesOverTheLengthLimitAreLeftOutAndATaskWithNoneLeftIsNotAdapted()
    {
        using var scope = NewDisposeScope();
        using var baseModel = new ActModel(TttTasks.Model(), seed: 3);
        var ttt = new TestTimeTraining(new TttOptions { Steps = 2, MaxSequenceLength = 5 }, CPU);
        using var adapted = ttt.Adapt(baseModel, TttTasks.ColourMap("long", 16));
        Assert.Same(baseModel, adapted.Model);
        Assert.Equal(0, adapted.Result.Steps);
        Assert.Contains("at most 5 tokens", adapted.Result.Skipped);
    }

    [Fact]
    public void AMinutesBudgetStopsBeforeTheStepBudget()
    {
        using var scope = NewDisposeScope();
        using var baseModel = new ActModel(TttTasks.Model(), seed: 3);
        var ttt = new TestTimeTraining(new TttOptions { Steps = 100_000, Minutes = 0.2 / 60 }, CPU);
        using var adapted = ttt.Adapt(baseModel, TttTasks.ColourMap("timed", 17));
        Assert.InRange(adapted.Result.Steps, 1, 99_999);
        Assert.InRange(adapted.Result.Seconds, 0.2, 10);
    }

    [Fact]
    public void EachTasksCopyIsFreed()
    {
        using var scope = NewDisposeScope();
        using var baseModel = new ActModel(TttTasks.Model(), seed: 3);
        static long Live() => DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        // A bare model built and disposed leaves nothing behind (ModelLifetimeTests); TTT per task must not either.
        long start = Live();
        using (new ActModel(TttTasks.Model(), seed: 4)) { }
        long perModel = Live() - start;
        Assert.Equal(0, perModel);

        var ttt = Ttt(2);
        var growth = new List<long>();
        for (int i = 0; i < 4; i++)
        {
            long before = Live();
            using (var adapted = ttt.Adapt(baseModel, TttTasks.ColourMap($"t{i}", 30 + i)))
                Assert.NotSame(baseModel, adapted.Model);
            growth.Add(Live() - before);
        }
        Assert.True(growth.All(g => g == 0), $"live tensors added per task: {string.Join(", ", growth)}");
    }

    [Fact]
    public void BadSettingsAreHrmExceptions()
    {
        var problems = Assert.Throws<HrmException>(() => new TttOptions { Steps = -1, Minutes = -2, Lr = 0 }.Validate()).Problems;
        Assert.Contains("--ttt-steps must not be negative, got -1", problems);
        Assert.Contains(problems, p => p.StartsWith("--ttt-minutes must be a finite number ≥ 0", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("--ttt-lr must be a finite number > 0", StringComparison.Ordinal));
        Assert.Throws<HrmException>(() => new TttOptions { Steps = 1, Lr = double.NaN }.Validate());

        var unknown = Assert.Throws<HrmException>(() => TttParamsNames.Parse("norms"));
        Assert.Equal("--ttt-params: unknown subset 'norms' (expected one of: all, embeddings-heads, last)", unknown.Message);
        Assert.Equal(TttParams.EmbeddingsHeads, TttParamsNames.Parse("embeddings-heads"));

        using var scope = NewDisposeScope();
        using var puzzleModel = new ActModel(TttTasks.Model(Conditioning.PuzzleId), seed: 3);
        var refused = Assert.Throws<HrmException>(() => Ttt(2).Adapt(puzzleModel, TttTasks.ColourMap("x", 1)));
        Assert.Contains("in-context model", refused.Message);
    }

    [Fact]
    public void TaskSeedsDependOnTheIdAndTheSeedOnly()
    {
        Assert.Equal(TestTimeTraining.TaskSeed(3, "00576224"), TestTimeTraining.TaskSeed(3, "00576224"));
        Assert.NotEqual(TestTimeTraining.TaskSeed(3, "00576224"), TestTimeTraining.TaskSeed(4, "00576224"));
        Assert.NotEqual(TestTimeTraining.TaskSeed(3, "00576224"), TestTimeTraining.TaskSeed(3, "009d5c81"));
    }
}
