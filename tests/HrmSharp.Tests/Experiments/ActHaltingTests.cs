using HrmSharp.Tests.Modeling;
using HrmSharp.Modeling;
using HrmSharp.Training;
using static TorchSharp.torch;

namespace HrmSharp.Tests.Experiments;

/// <summary>model.act_halting = false: training runs every example for halt_max_steps segments whatever Q says.</summary>
public sealed class ActHaltingTests
{
    private static ModelConfig Tiny(bool actHalting, double exploration = 0) => TinyModels.PuzzleId() with
    {
        HCycles = 1, LCycles = 1, HaltMaxSteps = 4, HaltExplorationProb = exploration, VocabSize = 6, SeqLen = 5,
        NumPuzzleIdentifiers = 3, ActHalting = actHalting,
    };

    /// <summary>The segment at which each of the first examples' rows halted, in training mode, with q = (halt, continue) for every row.</summary>
    private static long[] TrainingHaltSteps(ModelConfig config, float halt, float cont, out bool sawContinueTarget)
    {
        using var scope = NewDisposeScope();
        using var model = new ActModel(config, seed: 3);
        using (no_grad())
            ModelWeights.Named(model).Single(kv => kv.Key == "inner.q_head.bias").Value.copy_(tensor(new[] { halt, cont }));
        model.train();
        var batch = new ActBatch(full(3, config.SeqLen, 2, ScalarType.Int32), full(3, config.SeqLen, 3, ScalarType.Int32), tensor(new[] { 0, 1, 2 }));
        var carry = model.InitialCarry(batch);
        var haltedAt = new long[3];
        sawContinueTarget = false;
        for (int segment = 1; haltedAt.Any(s => s == 0); segment++)
        {
            Assert.True(segment <= config.HaltMaxSteps, "a row ran past halt_max_steps");
            var step = model.call(carry, batch);
            sawContinueTarget |= step.Outputs.TargetQContinue is not null;
            var halted = step.Carry.Halted.data<bool>().ToArray();
            for (int i = 0; i < halted.Length; i++)
                if (halted[i] && haltedAt[i] == 0) haltedAt[i] = segment;
            carry = step.Carry;
        }
        return haltedAt;
    }

    [Fact]
    public void WithoutHaltingTrainingRunsToMaxStepsAndSkipsTheContinueTarget()
    {
        // Q says "halt now": with halting on every row stops after one segment; with it off, all run 4.
        Assert.Equal([1L, 1, 1], TrainingHaltSteps(Tiny(actHalting: true), 10, -10, out bool withTarget));
        Assert.True(withTarget);
        Assert.Equal([4L, 4, 4], TrainingHaltSteps(Tiny(actHalting: false), 10, -10, out bool withoutTarget));
        Assert.False(withoutTarget);
        // Exploration draws are not needed either: the result does not depend on them.
        Assert.Equal([4L, 4, 4], TrainingHaltSteps(Tiny(actHalting: false, exploration: 1), 10, -10, out _));
    }

    [Fact]
    public void ItIsAConfigKeyThatDefaultsToOnAndTrainsWithQHaltLossOnly()
    {
        Assert.True(new ModelConfig().ActHalting);
        var config = ConfigOverrides.Apply(Training.TinyRuns.Synthetic(steps: 2), ["model.act_halting=false"]);
        Assert.False(config.Model.ActHalting);
        Assert.Contains("\"act_halting\": false", config.ToJson());

        var data = HrmSharp.Training.Data.DataFactory.Create(config.Data);
        using var trainer = new Trainer(Trainer.Effective(config, data.Train), data);
        // halt_max_steps 3: no row finishes in the first two segments, all 8 rows finish together in the third.
        var steps = Enumerable.Range(0, 3).Select(_ => trainer.TrainStep()).ToList();
        Assert.Equal([0.0, 0.0, 8.0], steps.Select(s => s.Count));
        Assert.Equal(3.0, steps[2].Steps);
        Assert.All(steps, s => Assert.Null(s.QContinueLoss));
        Assert.All(steps, s => Assert.True(s.QHaltLoss > 0));
    }
}
