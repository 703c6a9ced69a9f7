using HrmSharp.Modeling;
using static TorchSharp.torch;

namespace HrmSharp.Tests.Modeling;

/// <summary>
/// The in-context recipe's model knobs (pre-norm with gains, scaled residual init, initial-state scale, gradient through
/// every cycle) do what they say, and leave the reference model (every knob at its default) as it was.
/// </summary>
public sealed class RecipeKnobTests
{
    private static ModelConfig Config(CoreKind core = CoreKind.Hrm) => TinyModels.PuzzleId(core) with { LLayers = 2 };

    private static Dictionary<string, Tensor> Weights(ActModel m) => ModelWeights.Named(m).ToDictionary(kv => kv.Key, kv => kv.Value);

    private static ActBatch Batch(ModelConfig config, int seed)
    {
        using var g = new Generator((ulong)seed);
        return new ActBatch(
            randint(2, 12, [2, config.SeqLen], ScalarType.Int32, generator: g),
            randint(2, 12, [2, config.SeqLen], ScalarType.Int32, generator: g),
            tensor(new[] { 1, 2 }));
    }

    [Fact]
    public void PreNormAddsAGainBeforeEachSublayerAndOneAfterEachStackAndNothingElse()
    {
        using var post = new ActModel(Config(), seed: 1);
        using var pre = new ActModel(Config() with { Norm = NormPlacement.Pre }, seed: 1);
        var postNames = Weights(post).Keys.ToHashSet();
        var added = Weights(pre).Keys.Where(k => !postNames.Contains(k)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(
        [
            "inner.H_level.layers.0.attn_norm.weight", "inner.H_level.layers.0.mlp_norm.weight", "inner.H_level.norm.weight",
            "inner.L_level.layers.0.attn_norm.weight", "inner.L_level.layers.0.mlp_norm.weight",
            "inner.L_level.layers.1.attn_norm.weight", "inner.L_level.layers.1.mlp_norm.weight", "inner.L_level.norm.weight",
        ], added);
        Assert.All(added, k => Assert.True(Weights(pre)[k].eq(1).all().item<bool>(), $"{k} starts at 1"));
        // Same draws for the shared weights: the gains are not drawn.
        foreach (var (k, w) in Weights(post))
            Assert.True(w.eq(Weights(pre)[k]).all().item<bool>(), k);
    }

    [Fact]
    public void PreNormOutputsDifferFromPostNormAndEveryGainGetsGradient()
    {
        using var scope = NewDisposeScope();
        var config = Config() with { Norm = NormPlacement.Pre };
        using var model = new ActModel(config, seed: 2);
        using var reference = new ActModel(Config(), seed: 2);
        model.train();
        var batch = Batch(config, 3);
        var head = new ActLossHead(model);
        var result = head.Forward(head.InitialCarry(batch), batch);
        result.Loss.backward();
        foreach (var (name, p) in model.named_parameters())
            if (name.EndsWith("norm.weight", StringComparison.Ordinal))
                Assert.True(p.grad is not null && p.grad.abs().sum().item<float>() > 0, $"no gradient reached {name}");
        var other = new ActLossHead(reference).Forward(new ActLossHead(reference).InitialCarry(batch), batch);
        Assert.False(result.Outputs.Logits.allclose(other.Outputs.Logits), "pre-norm must change the function");
    }

    [Fact]
    public void ScaledResidualInitShrinksOnlyTheOutputProjections()
    {
        using var plain = new ActModel(Config(), seed: 4);
        using var scaled = new ActModel(Config() with { ScaledResidualInit = true }, seed: 4);
        double factor = 1 / Math.Sqrt(2.0 * 3); // H 1 + L 2 blocks per segment
        var w = Weights(scaled);
        int shrunk = 0;
        foreach (var (k, v) in Weights(plain))
        {
            bool output = k.EndsWith("o_proj.weight", StringComparison.Ordinal) || k.EndsWith("down_proj.weight", StringComparison.Ordinal);
            Assert.True((output ? v * factor : v).allclose(w[k], rtol: 1e-6, atol: 0), k);
            if (output) shrunk++;
        }
        Assert.Equal(6, shrunk); // 3 blocks × (o_proj, down_proj)
    }

    [Fact]
    public void StateInitScaleScalesTheInitialStatesAndNoOtherDraw()
    {
        using var plain = new ActModel(Config(), seed: 5);
        using var zero = new ActModel(Config() with { StateInitScale = 0 }, seed: 5);
        var w = Weights(zero);
        foreach (var (k, v) in Weights(plain))
        {
            if (k is "inner.H_init" or "inner.L_init")
                Assert.True(w[k].eq(0).all().item<bool>() && v.abs().sum().item<float>() > 0, k);
            else
                Assert.True(v.eq(w[k]).all().item<bool>(), k);
        }
    }

    [Theory]
    [InlineData(CoreKind.Hrm)]
    [InlineData(CoreKind.Trm)]
    public void GradientThroughEveryCycleGivesTheSameForwardButADifferentGradient(CoreKind core)
    {
        using var scope = NewDisposeScope();
        var config = Config(core);
        Tensor Grad(bool oneStep, out Tensor logits)
        {
            using var model = new ActModel(config with { OneStepGradient = oneStep }, seed: 6);
            model.train();
            var batch = Batch(config, 7);
            var head = new ActLossHead(model);
            var result = head.Forward(head.InitialCarry(batch), batch);
            result.Loss.backward();
            logits = result.Outputs.Logits.detach().clone();
            return cat(model.parameters().Where(p => p.grad is not null).Select(p => p.grad!.flatten()).ToArray()).clone();
        }
        var oneStep = Grad(true, out var l1);
        var full = Grad(false, out var l2);
        Assert.True(l1.allclose(l2, rtol: 1e-5, atol: 1e-6), "the forward pass must not change");
        Assert.Equal(oneStep.shape, full.shape);
        Assert.False(oneStep.allclose(full, rtol: 1e-3, atol: 1e-6), "gradient through every cycle must differ from the 1-step gradient");
    }

    [Theory]
    [InlineData("\"rope_frames\": \"dihedral\"", "rope_frames dihedral")]
    [InlineData("\"norm\": \"pre\", \"mlp_t\": true", "norm pre is not defined for the mlp_t variant")]
    [InlineData("\"state_init_scale\": -1", "state_init_scale must not be negative")]
    [InlineData("\"norm\": \"middle\"", "norm")]
    public void BadRecipeSettingsAreRefusedWithAMessage(string json, string message)
    {
        var ex = Assert.Throws<HrmException>(() => ModelConfig.FromJson("{" + json + "}", "cfg"));
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }
}
