using HrmSharp.IO;
using HrmSharp.Modeling;
using HrmSharp.Modeling.Layers;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace HrmSharp.Tests.Parity;

/// <summary>Layer-level parity against Fixtures/parity/layers (tensors from sapientinc/HRM models/layers.py, losses.py, common.py).</summary>
public sealed class LayerParityTests : IDisposable
{
    private const double Atol = 1e-5; // manifest: recommended atol 1e-5 for the float32 tensors
    private readonly SafetensorsFile _fx = Safetensors.Read(Path.Combine(TestPaths.Fixtures, "parity", "layers", "tensors.safetensors"));
    private readonly ParityAssert _assert;
    private readonly TorchSharp.DisposeScope _scope = NewDisposeScope();

    public LayerParityTests(ITestOutputHelper output) => _assert = new ParityAssert(output);

    public void Dispose()
    {
        _scope.Dispose();
        _fx.Dispose();
    }

    [Fact]
    public void RotaryTablesMatch()
    {
        using var rotary = new RotaryEmbedding(headDim: 32, maxPositions: 16, theta: 10000);
        _assert.Close(_fx["rotary/cos"], rotary.Cos, Atol, "rotary/cos");
        _assert.Close(_fx["rotary/sin"], rotary.Sin, Atol, "rotary/sin");
    }

    [Fact]
    public void ApplyRotaryMatches()
    {
        var (q, k) = RotaryEmbedding.Apply(_fx["apply_rotary/q"], _fx["apply_rotary/k"], _fx["rotary/cos"], _fx["rotary/sin"]);
        _assert.Close(_fx["apply_rotary/q_embed"], q, Atol, "apply_rotary/q_embed");
        _assert.Close(_fx["apply_rotary/k_embed"], k, Atol, "apply_rotary/k_embed");
    }

    [Fact]
    public void RmsNormMatches() =>
        _assert.Close(_fx["rms_norm/output"], RmsNorm.Apply(_fx["rms_norm/input"], 1e-5), Atol, "rms_norm/output");

    [Fact]
    public void SwiGluMatchesWithReferenceWeights()
    {
        using var swiglu = new SwiGlu(64, 4, generator: null);
        ModelWeights.Load(swiglu, _fx.WithPrefix("swiglu/").Where(kv => kv.Key.EndsWith(".weight")).ToDictionary(), "layers fixture");
        using var _ = no_grad();
        _assert.Close(_fx["swiglu/output"], swiglu.call(_fx["swiglu/input"]), Atol, "swiglu/output");
    }

    [Fact]
    public void AttentionMatchesWithReferenceWeights()
    {
        using var attention = new Attention(hiddenSize: 64, headDim: 32, numHeads: 2, generator: null);
        ModelWeights.Load(attention, _fx.WithPrefix("attention/").Where(kv => kv.Key.EndsWith(".weight")).ToDictionary(), "layers fixture");
        using var _ = no_grad();
        var context = new AttentionContext(_fx["rotary/cos"], _fx["rotary/sin"]);
        _assert.Close(_fx["attention/output"], attention.call(_fx["attention/input"], context), Atol, "attention/output");
    }

    [Fact]
    public void AllowAllMaskChangesNothingAndBlockMaskSeparatesSequences()
    {
        using var attention = new Attention(hiddenSize: 64, headDim: 32, numHeads: 2, generator: null);
        ModelWeights.Load(attention, _fx.WithPrefix("attention/").Where(kv => kv.Key.EndsWith(".weight")).ToDictionary(), "layers fixture");
        using var _ = no_grad();
        var x = _fx["attention/input"];                 // [2, 16, 64]
        var (cos, sin) = (_fx["rotary/cos"], _fx["rotary/sin"]);
        var all = ones(16, 16, ScalarType.Bool);
        _assert.Close(_fx["attention/output"], attention.call(x, new AttentionContext(cos, sin, all)), Atol, "attention/output with all-true mask");

        // A block-diagonal mask over two halves of 8 tokens = each half attending alone (same rotary positions as in the packed run).
        var block = zeros(16, 16, ScalarType.Bool);
        block[..8, ..8] = tensor(true);
        block[8.., 8..] = tensor(true);
        var packed = attention.call(x, new AttentionContext(cos, sin, block));
        var firstHalf = attention.call(x[.., ..8], new AttentionContext(cos[..8], sin[..8]));
        _assert.Close(firstHalf, packed[.., ..8], Atol, "block mask: first segment alone");
        var secondAlone = attention.call(x[.., 8..], new AttentionContext(cos[8..], sin[8..]));
        _assert.Close(secondAlone, packed[.., 8..], Atol, "block mask: second segment alone (same positions)");
    }

    [Fact]
    public void MatmulKernelMatchesTheReferenceAndTheFusedKernelUnderAMask()
    {
        using var fused = new Attention(hiddenSize: 64, headDim: 32, numHeads: 2, generator: null);
        using var written = new Attention(hiddenSize: 64, headDim: 32, numHeads: 2, generator: null, AttentionKernel.Matmul);
        var weights = _fx.WithPrefix("attention/").Where(kv => kv.Key.EndsWith(".weight")).ToDictionary();
        ModelWeights.Load(fused, weights, "layers fixture");
        ModelWeights.Load(written, weights, "layers fixture");
        using var _ = no_grad();
        var x = _fx["attention/input"]; // [2, 16, 64]
        var (cos, sin) = (_fx["rotary/cos"], _fx["rotary/sin"]);
        _assert.Close(_fx["attention/output"], written.call(x, new AttentionContext(cos, sin)), Atol, "matmul kernel: attention/output");

        var block = zeros(16, 16, ScalarType.Bool); // two sequences of 8 packed together
        block[..8, ..8] = tensor(true);
        block[8.., 8..] = tensor(true);
        var context = new AttentionContext(cos, sin, block);
        _assert.Close(fused.call(x, context), written.call(x, context), Atol, "matmul kernel: block mask");
    }

    [Fact]
    public void AutoKernelIsFusedInFloat32AndMatmulInBfloat16OnTheCpu()
    {
        using var auto = new Attention(hiddenSize: 64, headDim: 32, numHeads: 2, generator: null);
        using var fused = new Attention(hiddenSize: 64, headDim: 32, numHeads: 2, generator: null, AttentionKernel.Fused);
        using var written = new Attention(hiddenSize: 64, headDim: 32, numHeads: 2, generator: null, AttentionKernel.Matmul);
        var weights = _fx.WithPrefix("attention/").Where(kv => kv.Key.EndsWith(".weight")).ToDictionary();
        foreach (var m in new[] { auto, fused, written }) ModelWeights.Load(m, weights, "layers fixture");
        using var _ = no_grad();
        var x = _fx["attention/input"];
        var context = new AttentionContext(_fx["rotary/cos"], _fx["rotary/sin"]);
        Assert.True(auto.call(x, context).eq(fused.call(x, context)).all().item<bool>(), "auto in float32 is the fused kernel");
        var xb = x.to(ScalarType.BFloat16);
        var (autoB, writtenB, fusedB) = (auto.call(xb, context), written.call(xb, context), fused.call(xb, context));
        Assert.Equal(ScalarType.BFloat16, autoB.dtype);
        // 32-dim heads: written out even where HrmSharp's fused kernel exists (it wins only on wider heads; FusedCpuAttentionTests).
        Assert.True(autoB.eq(writtenB).all().item<bool>(), "auto in bfloat16 on the CPU at 32-dim heads is the matmul kernel");
        Assert.False(autoB.eq(fusedB).all().item<bool>(), "the kernels round differently in bfloat16");
    }

    [Fact]
    public void LogStablemaxMatchesInFloat64()
    {
        var logits = _fx["losses/logits"];
        _assert.Close(_fx["losses/log_stablemax"], Losses.LogStablemax(logits.to(ScalarType.Float64)), 1e-12, "losses/log_stablemax");
    }

    [Theory]
    [InlineData(LossType.StablemaxCrossEntropy, "stablemax_cross_entropy")]
    [InlineData(LossType.SoftmaxCrossEntropy, "softmax_cross_entropy")]
    public void CrossEntropyAndItsGradientMatch(LossType type, string name)
    {
        var logits = _fx["losses/logits"].clone().requires_grad_(true);
        var loss = Losses.TokenCrossEntropy(type, logits, _fx["losses/labels"]);
        Assert.Equal(_fx[$"losses/{name}"].dtype, loss.dtype); // float64 for stablemax, float32 for softmax
        _assert.Close(_fx[$"losses/{name}"], loss, type == LossType.StablemaxCrossEntropy ? 1e-12 : Atol, $"losses/{name}");
        loss.sum().backward();
        _assert.Close(_fx[$"losses/{name}_grad"], logits.grad!, Atol, $"losses/{name}_grad");
    }

    [Fact]
    public void TruncatedNormalCompensatedStdMatches()
    {
        double expected = _fx["trunc_normal/comp_std_std1"].item<double>();
        Assert.Equal(expected, TruncatedNormal.CompensatedStd(1.0), 12);
    }

    [Fact]
    public void TruncatedNormalSamplesHaveTheRequestedStdAndBounds()
    {
        using var generator = new Generator(7);
        var samples = TruncatedNormal.Create([1 << 20], 0.5, generator);
        double std = samples.std().item<float>();
        double bound = 0.5 * TruncatedNormal.CompensatedStd(1.0) * 2;
        Assert.InRange(std, 0.5 * 0.995, 0.5 * 1.005);                 // the truncated distribution's std is the requested one
        Assert.InRange(samples.abs().max().item<float>(), bound * 0.99, bound * (1 + 1e-6)); // clipped at ±2σ'
        Assert.InRange(samples.mean().item<float>(), -0.002, 0.002);
    }

    [Theory]
    [InlineData(64, 256)]
    [InlineData(128, 512)]
    [InlineData(256, 768)]
    [InlineData(512, 1536)]
    public void SwiGluWidthFollowsTheReferenceRule(int hidden, int expected) =>
        Assert.Equal(expected, SwiGlu.IntermediateSize(hidden, 4));
}
