using HrmSharp.Native;
using System.Diagnostics;
using HrmSharp.Modeling.Layers;
using static TorchSharp.torch;

namespace HrmSharp.Benchmarks;

/// <summary>One measured piece of a block forward: name and mean milliseconds per call.</summary>
public sealed record LayerTiming(string Name, double Milliseconds);

/// <summary>
/// Forward-only timings of the pieces of one transformer block at a training shape (default: HRM on ARC's
/// 30×30 sequences, 16 × 901 tokens, hidden 256, 4 heads, bf16): the non-matmul work that decides how close a step gets to the matmul peak.
/// Each piece runs once untimed, then <c>reps</c> times.
/// </summary>
public static class LayerTimings
{
    public static IReadOnlyList<LayerTiming> Measure(ScalarType dtype, int reps = 10, int batch = 16, int seq = 901, int hidden = 256, int heads = 4)
    {
        using var outer = NewDisposeScope();
        using var noGrad = no_grad();
        random.manual_seed(0);
        int headDim = hidden / heads;
        var x = randn(batch, seq, hidden).to(dtype);                      // [B, S, hidden]
        var qkv = randn(batch, seq, 3 * heads, headDim).to(dtype);         // [B, S, 3H, D]
        var q = randn(batch, heads, seq, headDim).to(dtype);               // [B, H, S, D]
        var scores = (randn(batch, heads, seq, seq) * 2).to(dtype);         // [B, H, S, S]
        using var rotary = new RotaryEmbedding(headDim, seq, 10000);
        using var attention = new Attention(hidden, headDim, heads, null);
        using var mlp = new SwiGlu(hidden, 4, null);
        using var block = new TransformerBlock(new BlockOptions(hidden, heads, 4, 1e-5), null);
        var context = new AttentionContext(rotary.Cos, rotary.Sin);

        var result = new List<LayerTiming>
        {
            Time("rms_norm (fp32 inside)", reps, () => RmsNorm.Apply(x, 1e-5)),
            Time("rotary on q and k (fp32 inside)", reps, () => RotaryEmbedding.Rotate(qkv[.., .., ..(2 * heads)], rotary.Cos, rotary.Sin)),
            Time("q·kᵀ", reps, () => matmul(q, q.transpose(-2, -1))),
            Time("softmax over the scores", reps, () => scores.softmax(-1)),
            Time("attention (whole layer)", reps, () => attention.call(x, context)),
            Time("swiglu (whole layer)", reps, () => mlp.call(x)),
            Time("block (attention + swiglu + 2 norms)", reps, () => block.call(x, context)),
        };

        // The attention core alone (q·kᵀ, softmax, p·v from q, k, v views into one projection), written out in libtorch
        // and, where available, HrmSharp's fused kernel; forward, then forward + backward.
        double scale = 1 / Math.Sqrt(headDim);
        var leaf = qkv.detach().requires_grad_(true);
        var upstream = randn(batch, seq, heads, headDim).to(dtype);
        Tensor Written(Tensor t) => Attention.WrittenOut(t[.., .., ..heads].transpose(1, 2), t[.., .., heads..(2 * heads)].transpose(1, 2),
            t[.., .., (2 * heads)..].transpose(1, 2), null, scale).transpose(1, 2);
        var fused = dtype == ScalarType.BFloat16 ? FusedCpuAttention.Instance : null;
        Tensor Fused(Tensor t) => fused!.Attend(t[.., .., ..heads], t[.., .., heads..(2 * heads)], t[.., .., (2 * heads)..], null, scale);
        Tensor Backward(Func<Tensor, Tensor> core)
        {
            using var grad = enable_grad();
            var output = core(leaf);
            output.backward([upstream]);
            return output;
        }
        result.Add(Time("attention core written out: forward", reps, () => Written(qkv)));
        if (fused is not null) result.Add(Time("attention core, HrmSharp fused kernel: forward", reps, () => Fused(qkv)));
        result.Add(Time("attention core written out: forward + backward", reps, () => Backward(Written)));
        if (fused is not null) result.Add(Time("attention core, HrmSharp fused kernel: forward + backward", reps, () => Backward(Fused)));
        return result;
    }

    private static LayerTiming Time(string name, int reps, Func<Tensor> run)
    {
        run().Dispose();
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < reps; i++)
            run().Dispose();
        return new LayerTiming(name, clock.Elapsed.TotalMilliseconds / reps);
    }
}
