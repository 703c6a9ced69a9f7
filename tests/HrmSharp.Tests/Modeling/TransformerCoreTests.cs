using HrmSharp.Modeling;
using static TorchSharp.torch;

namespace HrmSharp.Tests.Modeling;

/// <summary>The drop-in transformer core: same ACT loop, one block stack per segment, HRM's parameter count.</summary>
public sealed class TransformerCoreTests
{
    private static ModelConfig Config(CoreKind core) => TinyModels.PuzzleId(core) with { HLayers = 2, LLayers = 2, HaltMaxSteps = 3 };

    private static long ParameterCount(ActModel m) => m.parameters().Sum(p => p.numel());

    [Fact]
    public void HasTheSameParameterCountAsHrmWithTheSameLayerBudget()
    {
        using var hrm = new ActModel(Config(CoreKind.Hrm));
        using var transformer = new ActModel(Config(CoreKind.Transformer));
        // HRM's H_init/L_init are buffers, so parameters are blocks + embeddings + heads in both.
        Assert.Equal(ParameterCount(hrm), ParameterCount(transformer));
        Assert.Contains(ModelWeights.Named(transformer).Select(kv => kv.Key), k => k == "inner.L_level.layers.3.mlp.down_proj.weight");
        Assert.DoesNotContain(ModelWeights.Named(transformer).Select(kv => kv.Key), k => k.StartsWith("inner.H_level", StringComparison.Ordinal));
    }

    [Fact]
    public void EveryBlockGetsGradientAndTheStateChangesEverySegment()
    {
        using var scope = NewDisposeScope();
        var config = Config(CoreKind.Transformer);
        using var model = new ActModel(config, seed: 3);
        model.train();
        using var g = new Generator(5);
        var batch = new ActBatch(
            randint(2, 12, [2, config.SeqLen], ScalarType.Int32, generator: g),
            randint(2, 12, [2, config.SeqLen], ScalarType.Int32, generator: g),
            tensor(new[] { 1, 2 }));
        var head = new ActLossHead(model);
        var carry = head.InitialCarry(batch);
        var first = head.Forward(carry, batch);
        var zAfterFirst = first.Carry.ZH.clone();
        first.Loss.backward();
        foreach (var (name, p) in model.named_parameters())
            if (name.Contains("L_level", StringComparison.Ordinal))
                Assert.True(p.grad is not null && p.grad.abs().sum().item<float>() > 0, $"no gradient reached {name}");

        var second = head.Forward(first.Carry, batch);
        Assert.False(second.Carry.ZH.allclose(zAfterFirst), "the carried state must be refined by the next segment");
    }
}
