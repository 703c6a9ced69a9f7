using HrmSharp.Modeling;
using HrmSharp.Training;
using HrmSharp.Training.Optimizers;
using static TorchSharp.torch;

namespace HrmSharp.Tests.Training;

/// <summary>The in-context recipe's optimiser knobs: decay on matrices only, gradient clipping, a cosine over minutes.</summary>
public sealed class RecipeTrainingTests
{
    [Theory]
    [InlineData(OptimizerKind.AdamW)]
    [InlineData(OptimizerKind.AdamATan2)]
    public void DecayMatricesOnlyLeavesEmbeddingsGainsAndBiasesUndecayed(OptimizerKind kind)
    {
        using var scope = NewDisposeScope();
        var config = TinyRuns.Synthetic().Model with { Norm = NormPlacement.Pre, PuzzleEmbNdim = 0, VocabSize = 8, SeqLen = 12 };
        using var model = new ActModel(config, seed: 1);
        var before = model.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().clone());
        using var opt = OptimizerFactory.Create(kind, model.named_parameters().Select(p => (p.name, p.parameter)),
            new AdamSettings(0.1, 0.9, 0.95, 0.5), decayMatricesOnly: true);
        foreach (var p in model.parameters())
            p.grad = zeros_like(p); // no gradient signal: only weight decay can move a parameter
        opt.step();
        int decayed = 0, kept = 0;
        foreach (var (name, p) in model.named_parameters())
        {
            bool matrix = p.dim() >= 2 && !name.EndsWith("embedding_weight", StringComparison.Ordinal);
            if (matrix)
            {
                Assert.True((before[name] * (1 - 0.1 * 0.5)).allclose(p, rtol: 1e-5, atol: 1e-7), $"{name} should decay");
                decayed++;
            }
            else
            {
                Assert.True(before[name].eq(p).all().item<bool>(), $"{name} should not decay");
                kept++;
            }
        }
        Assert.True(decayed > 0 && kept > 0);
        Assert.Contains(model.named_parameters(), p => p.name.EndsWith("embed_tokens.embedding_weight", StringComparison.Ordinal));
        Assert.Contains(model.named_parameters(), p => p.name.EndsWith("attn_norm.weight", StringComparison.Ordinal));
    }

    [Fact]
    public void WithOnlyAMinutesBudgetTheCosineFollowsTheShareOfTimeUsed()
    {
        var s = new LearningRateSchedule(WarmupSteps: 10, TotalSteps: 0, MinRatio: 0.1);
        Assert.Equal(0.5, s.At(1.0, 5, 0.9), 12);                        // warm-up still counts steps
        Assert.Equal(1.0, s.At(1.0, 50, 0.0), 12);
        Assert.Equal(0.1 + 0.9 * 0.5, s.At(1.0, 50, 0.5), 12);           // half the minutes: half-way down the cosine
        Assert.Equal(0.1, s.At(1.0, 50, 1.3), 12);                       // past the budget: the floor
        var bySteps = new LearningRateSchedule(10, 110, 0.1);
        Assert.Equal(bySteps.At(1.0, 60), bySteps.At(1.0, 60, 0.99));   // a step budget wins over the clock
    }

    [Fact]
    public void AMinutesBudgetAloneMayDecayTheRateButNoBudgetIsStillRefused()
    {
        var config = TinyRuns.Synthetic() with { Steps = 0, Minutes = 5, Optimizer = new OptimizerConfig { LrMinRatio = 0.1 } };
        Assert.Empty(config.Problems());
        Assert.Contains((config with { Minutes = 0 }).Problems(), p => p.Contains("set a budget", StringComparison.Ordinal));
        Assert.Contains((config with { Optimizer = new OptimizerConfig { GradClip = -1 } }).Problems(),
            p => p.Contains("optimizer.grad_clip must be positive", StringComparison.Ordinal));
    }

    [Fact]
    public void GradientClippingBoundsTheFirstUpdate()
    {
        // AdamW's first step is about lr per weight whatever the gradient's scale, unless the gradient is clipped far
        // below ε: then the update all but vanishes. A clip that were not applied would leave the two runs equal.
        double Moved(double clip)
        {
            var config = TinyRuns.Synthetic(steps: 1) with
            {
                Optimizer = new OptimizerConfig { Name = OptimizerConfig.AdamWName, Lr = 1e-2, WarmupSteps = 0, WeightDecay = 0, GradClip = clip },
            };
            var data = HrmSharp.Training.Data.DataFactory.Create(config.Data);
            using var trainer = new Trainer(Trainer.Effective(config, data.Train), data);
            var before = trainer.Model.Inner.named_parameters().Where(p => p.name.Contains("qkv_proj")).Select(p => p.parameter.detach().clone()).ToArray();
            trainer.TrainStep();
            var after = trainer.Model.Inner.named_parameters().Where(p => p.name.Contains("qkv_proj")).Select(p => p.parameter).ToArray();
            return before.Zip(after, (b, a) => (a - b).abs().max().item<float>()).Max();
        }
        double free = Moved(0), clipped = Moved(1e-14);
        Assert.True(free > 1e-3, $"unclipped step moved {free}");
        Assert.True(clipped < free * 0.01, $"clipped step moved {clipped}, unclipped {free}");
    }
}
