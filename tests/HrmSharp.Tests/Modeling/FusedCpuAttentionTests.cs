using HrmSharp.Native;
using HrmSharp.Modeling;
using HrmSharp.Modeling.Layers;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace HrmSharp.Tests.Modeling;

/// <summary>The native fused bf16 attention kernel (AVX-512 BF16 CPUs only; skipped elsewhere with the reason).</summary>
public sealed class FusedCpuAttentionTests(ITestOutputHelper output)
{
    private static FusedCpuAttention Kernel()
    {
        Skip.If(FusedCpuAttention.Instance is null, $"fused attention kernel unavailable: {FusedCpuAttention.Status}");
        return FusedCpuAttention.Instance!;
    }

    [Theory]
    [InlineData(AttentionKernel.Matmul, true, true, 64, AttentionPath.WrittenOut)]
    [InlineData(AttentionKernel.Fused, true, true, 64, AttentionPath.LibtorchFused)]
    [InlineData(AttentionKernel.Auto, false, true, 64, AttentionPath.LibtorchFused)]  // fp32 on a CPU
    [InlineData(AttentionKernel.Auto, true, false, 64, AttentionPath.LibtorchFused)]  // bf16 on CUDA
    [InlineData(AttentionKernel.Auto, true, true, 24, AttentionPath.WrittenOut)]      // head dim the kernel does not take
    [InlineData(AttentionKernel.Auto, true, true, 32, AttentionPath.WrittenOut)]      // narrow heads: bf16 matmuls are faster
    [InlineData(AttentionKernel.Auto, false, true, 32, AttentionPath.LibtorchFused)]  // fp32: libtorch's fused kernel is faster
    public void ResolvesWhichImplementationRuns(AttentionKernel kernel, bool bf16, bool cpu, int headDim, AttentionPath expected) =>
        Assert.Equal(expected, Attention.Resolve(kernel, bf16, cpu, headDim));

    [Fact]
    public void AutoInBf16OnTheCpuIsTheKernelWhereverItLoaded() =>
        Assert.Equal(FusedCpuAttention.Instance is null ? AttentionPath.WrittenOut : AttentionPath.HrmSharpFused,
            Attention.Resolve(AttentionKernel.Auto, bf16: true, cpu: true, headDim: 64));

    [SkippableFact]
    public void KernelIsBuiltAndLoadedOnALinuxX64CpuWithAvx512Bf16WhenGccIsInstalled()
    {
        Skip.IfNot(OperatingSystem.IsLinux() && System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture ==
            System.Runtime.InteropServices.Architecture.X64, "the kernel is built on Linux x64 only");
        Skip.IfNot(HrmSharp.Runtime.CpuFeatures.Flags.Contains("avx512_bf16"), "this CPU has no AVX-512 BF16");
        var gcc = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(dir => File.Exists(Path.Combine(dir, "gcc")));
        Skip.IfNot(gcc, "gcc is not installed (scripts/setup installs it), so the build could not compile the kernel");
        Assert.True(FusedCpuAttention.Instance is not null, FusedCpuAttention.Status);
        Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, FusedCpuAttention.LibraryFile)));
    }

    /// <summary>q, k, v as the attention layer makes them: views [B, S, H, D] into one bf16 [B, S, 3H, D] projection.</summary>
    private static (Tensor Qkv, Tensor Q, Tensor K, Tensor V) Projection(long b, long s, int h, int d, double spread, int seed)
    {
        var g = new Generator((ulong)seed);
        var qkv = (randn([b, s, 3 * h, d], generator: g) * spread).to(ScalarType.BFloat16);
        return (qkv, qkv[.., .., ..h], qkv[.., .., h..(2 * h)], qkv[.., .., (2 * h)..]);
    }

    /// <summary>softmax(q kᵀ·scale) v in float64 from the same bf16 inputs; mask [B or 1, S, S] or null.</summary>
    private static Tensor Exact(Tensor q, Tensor k, Tensor v, Tensor? mask, double scale)
    {
        var (q64, k64, v64) = (q.to(ScalarType.Float64).transpose(1, 2), k.to(ScalarType.Float64).transpose(1, 2), v.to(ScalarType.Float64).transpose(1, 2));
        var scores = matmul(q64, k64.transpose(-2, -1)) * scale; // [B, H, S, S]
        if (mask is not null) scores = scores.masked_fill((mask.dim() == 2 ? mask : mask.unsqueeze(1)).logical_not(), double.NegativeInfinity);
        return matmul(scores.softmax(-1), v64).transpose(1, 2); // [B, S, H, D]
    }

    /// <summary>none, shared (random [S, S]), per-row (random [B, S, S]) or blocks (packed sequences: block-diagonal per
    /// row, segment lengths differing between rows, as the in-context batches are); every token may attend itself.</summary>
    private static Tensor? MakeMask(string kind, long b, long s, Generator g)
    {
        Tensor? mask = kind switch
        {
            "shared" => rand([s, s], generator: g) > 0.3,
            "per-row" => rand([b, s, s], generator: g) > 0.5,
            "blocks" => Blocks(b, s, g),
            _ => null,
        };
        return mask?.logical_or(eye(s, dtype: ScalarType.Bool));

        static Tensor Blocks(long b, long s, Generator g)
        {
            // A segment id per position: a new segment starts where a random draw says so (~every 20 positions).
            var starts = rand([b, s], generator: g) < 0.05;
            var segment = starts.to(ScalarType.Int64).cumsum(1); // [B, S]
            return segment.unsqueeze(2).eq(segment.unsqueeze(1)); // [B, S, S]
        }
    }

    private static double Rms(Tensor t) => t.to(ScalarType.Float64).square().mean().sqrt().item<double>();

    [SkippableTheory]
    [InlineData(2, 37, 2, 32, 1.0, "none")]
    [InlineData(1, 130, 3, 48, 1.0, "shared")]
    [InlineData(3, 100, 1, 64, 3.0, "per-row")]
    [InlineData(2, 64, 2, 80, 2.0, "none")]
    [InlineData(1, 7, 4, 16, 1.0, "per-row")]
    [InlineData(3, 300, 2, 32, 2.0, "blocks")]
    public void MatchesExactAttentionToWithinBf16Rounding(long b, long s, int h, int d, double spread, string maskKind)
    {
        var kernel = Kernel();
        using var scope = NewDisposeScope();
        var (_, q, k, v) = Projection(b, s, h, d, spread, seed: (int)(s * 7 + d));
        var mask = MakeMask(maskKind, b, s, new Generator(5));
        double scale = 1 / Math.Sqrt(d);

        var got = kernel.Attend(q, k, v, mask, scale);
        var exact = Exact(q, k, v, mask, scale);

        Assert.Equal(new[] { b, s, (long)h, (long)d }, got.shape);
        Assert.Equal(ScalarType.BFloat16, got.dtype);
        // bf16 output: the best possible result is the exact one rounded once. The kernel rounds the probabilities to bf16
        // too, so allow up to 3× that rounding's rms error, and a max error of a few bf16 steps of the output's scale.
        double rounding = Rms(exact.to(ScalarType.BFloat16).to(ScalarType.Float64) - exact);
        double error = Rms(got.to(ScalarType.Float64) - exact);
        output.WriteLine($"rms error {error:E3}, bf16 rounding of the exact result {rounding:E3}, output rms {Rms(exact):E3}");
        Assert.True(error <= 3 * rounding, $"rms error {error:E3} vs bf16 rounding {rounding:E3}");
        double maxError = (got.to(ScalarType.Float64) - exact).abs().max().item<double>();
        double scaleOfOutput = exact.abs().max().item<double>();
        Assert.True(maxError <= scaleOfOutput / 32, $"max error {maxError:E3} at output scale {scaleOfOutput:E3}");
    }

    [SkippableFact]
    public void IsAsAccurateAsTheWrittenOutBf16KernelOrBetterWhenAttentionIsSharp()
    {
        var kernel = Kernel();
        using var scope = NewDisposeScope();
        var (_, q, k, v) = Projection(2, 200, 2, 64, spread: 3.0, seed: 11);
        double scale = 1 / Math.Sqrt(64);
        var exact = Exact(q, k, v, null, scale);
        var fused = kernel.Attend(q, k, v, null, scale);
        // What Attention's matmul kernel computes in bf16 (scores rounded to bf16).
        var written = Attention.WrittenOut(q.transpose(1, 2), k.transpose(1, 2), v.transpose(1, 2), null, scale).transpose(1, 2);
        double fusedError = Rms(fused.to(ScalarType.Float64) - exact), writtenError = Rms(written.to(ScalarType.Float64) - exact);
        output.WriteLine($"rms error: fused {fusedError:E3}, written-out {writtenError:E3}, output rms {Rms(exact):E3}");
        Assert.True(fusedError < writtenError / 2, $"fused rms error {fusedError:E3}, written-out {writtenError:E3}");
    }

    [SkippableFact]
    public void RowThatMayAttendNowhereGivesZeros()
    {
        var kernel = Kernel();
        using var scope = NewDisposeScope();
        var (_, q, k, v) = Projection(1, 20, 1, 32, 1.0, seed: 3);
        var mask = ones([20, 20], ScalarType.Bool);
        mask[4] = tensor(false);
        var got = kernel.Attend(q, k, v, mask, 0.2);
        Assert.Equal(0.0, got[0, 4].abs().max().to(ScalarType.Float32).item<float>());
        Assert.True(got[0, 5].abs().max().to(ScalarType.Float32).item<float>() > 0);
    }

    [SkippableFact]
    public void SplittingOverThreadsGivesIdenticalBits()
    {
        var kernel = Kernel();
        using var scope = NewDisposeScope();
        var (_, q, k, v) = Projection(3, 50, 3, 32, 1.0, seed: 9);
        var one = kernel.Forward(q, k, v, null, 0.18, threads: 1);
        foreach (var threads in new[] { 2, 4, 9 })
            Assert.True(one.eq(kernel.Forward(q, k, v, null, 0.18, threads)).all().item<bool>(), $"{threads} threads");
    }

    [SkippableFact]
    public void BadInputsGiveAClearMessage()
    {
        var kernel = Kernel();
        using var scope = NewDisposeScope();
        var (_, q, k, v) = Projection(1, 10, 1, 32, 1.0, seed: 1);
        var ex = Assert.Throws<ArgumentException>(() => kernel.Attend(q.to(ScalarType.Float32), k, v, null, 1));
        Assert.Contains("bf16 CPU q, k, v", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => kernel.Attend(q, k, v, ones([9, 10], ScalarType.Bool), 1));
        Assert.Contains("mask must be [S, S] or [B, S, S] with S = 10", ex.Message);
        var (_, q24, k24, v24) = Projection(1, 10, 1, 24, 1.0, seed: 1);
        ex = Assert.Throws<ArgumentException>(() => kernel.Attend(q24, k24, v24, null, 1));
        Assert.Contains("multiple of 16, got 24", ex.Message);
    }

    /// <summary>Gradients of Σ out ∘ g for q, k, v together (one bf16 [B, S, 3H, D] leaf), by the given attention.</summary>
    private static Tensor GradientOfQkv(Tensor qkv, int h, Tensor upstream, Func<Tensor, Tensor, Tensor, Tensor> attend)
    {
        var leaf = qkv.detach().requires_grad_(true);
        var output = attend(leaf[.., .., ..h], leaf[.., .., h..(2 * h)], leaf[.., .., (2 * h)..]);
        (output.to(upstream.dtype) * upstream).sum().backward();
        return leaf.grad!.detach().clone();
    }

    [SkippableTheory]
    [InlineData(2, 37, 2, 32, 1.0, "none")]
    [InlineData(1, 130, 3, 48, 2.0, "shared")]
    [InlineData(3, 50, 1, 64, 3.0, "per-row")]
    [InlineData(1, 200, 2, 64, 3.0, "none")]
    [InlineData(2, 300, 2, 32, 2.0, "blocks")]
    public void GradientsMatchExactAttentionAtLeastAsWellAsTheWrittenOutKernel(long b, long s, int h, int d, double spread, string maskKind)
    {
        var kernel = Kernel();
        using var scope = NewDisposeScope();
        var (qkv, _, _, _) = Projection(b, s, h, d, spread, seed: (int)(s + d));
        var g = new Generator(8);
        var mask = MakeMask(maskKind, b, s, g);
        var upstream = randn([b, s, h, d], generator: g);
        double scale = 1 / Math.Sqrt(d);

        var exact = GradientOfQkv(qkv.to(ScalarType.Float64), h, upstream.to(ScalarType.Float64), (q, k, v) => Exact(q, k, v, mask, scale));
        var fused = GradientOfQkv(qkv, h, upstream.to(ScalarType.BFloat16), (q, k, v) => kernel.Attend(q, k, v, mask, scale));
        var written = GradientOfQkv(qkv, h, upstream.to(ScalarType.BFloat16), (q, k, v) =>
            Attention.WrittenOut(q.transpose(1, 2), k.transpose(1, 2), v.transpose(1, 2), mask?.unsqueeze(-3), scale).transpose(1, 2));

        Assert.Equal(ScalarType.BFloat16, fused.dtype);
        for (int part = 0; part < 3; part++) // q, k, v
        {
            var slice = new[] { TensorIndex.Colon, TensorIndex.Colon, TensorIndex.Slice(part * h, (part + 1) * h) };
            var reference = exact[slice];
            double norm = Rms(reference);
            double fusedError = Rms(fused[slice].to(ScalarType.Float64) - reference) / norm;
            double writtenError = Rms(written[slice].to(ScalarType.Float64) - reference) / norm;
            output.WriteLine($"d{"qkv"[part]}: relative rms error fused {fusedError:E3}, written-out {writtenError:E3}");
            Assert.True(fusedError < 0.02 && fusedError <= writtenError * 1.1,
                $"{"qkv"[part]}: fused relative rms error {fusedError:E3}, written-out {writtenError:E3}");
        }
    }

    [SkippableFact]
    public void BackwardSplitOverThreadsGivesIdenticalBitsAndLeavesNoTensorsBehind()
    {
        var kernel = Kernel();
        using var scope = NewDisposeScope();
        var (qkv, q, k, v) = Projection(2, 40, 3, 32, 1.0, seed: 4);
        var output = kernel.Attend(q, k, v, null, 0.2);
        var lse = empty([2 * 3 * 40], ScalarType.Float32);
        kernel.Forward(q, k, v, null, 0.2, threads: 1, lse);
        var upstream = randn([2, 40, 3, 32], generator: new Generator(1)).to(ScalarType.BFloat16);
        var one = kernel.Backward(q, k, v, output, upstream, lse, null, 0.2, threads: 1);
        var three = kernel.Backward(q, k, v, output, upstream, lse, null, 0.2, threads: 3);
        Assert.True(one.Dq.eq(three.Dq).all().item<bool>() && one.Dk.eq(three.Dk).all().item<bool>() && one.Dv.eq(three.Dv).all().item<bool>());

        long live = 0;
        for (int i = 0; i < 4; i++)
        {
            using (NewDisposeScope())
                GradientOfQkv(qkv, 3, upstream, (a, b, c) => kernel.Attend(a, b, c, null, 0.2));
            if (i == 1) live = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        }
        Assert.Equal(live, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    [SkippableFact]
    public void AttentionUsesItWithAndWithoutGradient()
    {
        Kernel();
        using var scope = NewDisposeScope();
        // 64-dim heads: auto takes the native kernel only above Attention.WrittenOutMaxHeadDim (narrower heads are written out).
        using var auto = new Attention(hiddenSize: 128, headDim: 64, numHeads: 2, generator: new Generator(1));
        using var written = new Attention(hiddenSize: 128, headDim: 64, numHeads: 2, generator: new Generator(1), AttentionKernel.Matmul);
        using var sdpa = new Attention(hiddenSize: 128, headDim: 64, numHeads: 2, generator: new Generator(1), AttentionKernel.Fused);
        var x = (randn([2, 40, 128], generator: new Generator(2)) * 2).to(ScalarType.BFloat16);
        var context = AttentionContext.None;

        var withGradient = auto.call(x, context);
        Assert.True(withGradient.requires_grad);
        using (no_grad())
        {
            var (a, w, f) = (auto.call(x, context), written.call(x, context), sdpa.call(x, context));
            Assert.True(a.eq(withGradient).all().item<bool>(), "same forward with and without gradient");
            Assert.False(a.eq(w).all().item<bool>(), "auto is not the written-out kernel");
            // fp32 scores like libtorch's fused kernel: closer to it than the written-out kernel is.
            double toFused = Rms(a.to(ScalarType.Float64) - f.to(ScalarType.Float64));
            double writtenToFused = Rms(w.to(ScalarType.Float64) - f.to(ScalarType.Float64));
            Assert.True(toFused < writtenToFused, $"auto-to-sdpa rms {toFused:E3}, written-to-sdpa {writtenToFused:E3}");
        }
        withGradient.to(ScalarType.Float32).square().sum().backward();
        foreach (var (name, p) in auto.named_parameters())
            Assert.True(p.grad is not null && p.grad.abs().sum().to(ScalarType.Float32).item<float>() > 0, $"{name} got a gradient");
    }
}
