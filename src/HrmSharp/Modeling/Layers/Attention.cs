using HrmSharp.Native;
using static TorchSharp.torch;

namespace HrmSharp.Modeling.Layers;

/// <summary>
/// Non-causal multi-head self-attention with a fused QKV projection (reference names qkv_proj, o_proj), RoPE from the
/// context, and an optional boolean mask. <see cref="AttentionKernel.Fused"/> uses libtorch's scaled_dot_product_attention,
/// which like FlashAttention in the reference keeps scores in fp32. <see cref="AttentionKernel.Matmul"/> writes it out in
/// the compute dtype: on an AVX-512 BF16 CPU (libtorch 2.10) 2.5x faster in bf16 forward and backward, but the bf16
/// score matrix has 2-10x the error of the fused kernel (more when attention is sharp). <see cref="AttentionKernel.Auto"/>
/// picks matmul for bf16 on a CPU (as the official HRM does there) and fused otherwise; on an AVX-512 BF16 CPU, bf16 goes to
/// HrmSharp's own <see cref="FusedCpuAttention"/> instead (fp32 scores, faster than matmul, forward and backward).
/// </summary>
public sealed class Attention : nn.Module<Tensor, AttentionContext, Tensor>
{
    private readonly CastedLinear qkv_proj; // [3·H·D, hidden]: rows = q heads, then k heads, then v heads
    private readonly CastedLinear o_proj;   // [hidden, H·D]
    private readonly int _numHeads;
    private readonly int _headDim;
    private readonly AttentionKernel _kernel;

    public Attention(int hiddenSize, int headDim, int numHeads, Generator? generator, AttentionKernel kernel = AttentionKernel.Auto)
        : base(nameof(Attention))
    {
        _numHeads = numHeads;
        _headDim = headDim;
        _kernel = kernel;
        qkv_proj = new CastedLinear(hiddenSize, 3 * numHeads * headDim, bias: false, generator);
        o_proj = new CastedLinear(numHeads * headDim, hiddenSize, bias: false, generator);
        RegisterComponents();
    }

    /// <summary>Multiplies the initial o_proj weights by <paramref name="factor"/> (scaled residual init).</summary>
    public void ScaleOutputInit(double factor)
    {
        using var noGrad = no_grad();
        o_proj.Weight.mul_(factor);
    }

    public override Tensor forward(Tensor hidden, AttentionContext context)
    {
        using var scope = NewDisposeScope();
        long batch = hidden.shape[0], seq = hidden.shape[1];
        int h = _numHeads, d = _headDim;

        var qkv = qkv_proj.call(hidden).view(batch, seq, 3 * h, d); // [B, S, 3H, D]
        var qk = qkv[.., .., ..(2 * h)];                           // [B, S, 2H, D]
        if (context.Cos is not null && context.Sin is not null)
            qk = RotaryEmbedding.Rotate(qk, context.Cos, context.Sin); // q and k in one pass
        var q = qk[.., .., ..h];                                   // [B, S, H, D]
        var k = qk[.., .., h..];
        var v = qkv[.., .., (2 * h)..];

        var path = Resolve(_kernel, q.dtype == ScalarType.BFloat16, q.device_type == TorchSharp.DeviceType.CPU, d);
        if (path == AttentionPath.HrmSharpFused)
        {
            var fused = FusedCpuAttention.Instance!.Attend(q, k, v, context.Mask, 1.0 / Math.Sqrt(d)); // [B, S, H, D] contiguous
            return o_proj.call(fused.view(batch, seq, h * d)).MoveToOuterDisposeScope();
        }

        q = q.transpose(1, 2); // [B, H, S, D]
        k = k.transpose(1, 2);
        v = v.transpose(1, 2);
        // softmax(q kᵀ / √D) v; mask [S, S] or [B, S, S] -> [B?, 1, S, S] over heads, true = may attend.
        var mask = context.Mask?.unsqueeze(-3);
        var attended = path == AttentionPath.WrittenOut
            ? WrittenOut(q, k, v, mask, 1.0 / Math.Sqrt(_headDim))
            : nn.functional.scaled_dot_product_attention(q, k, v, mask); // [B, H, S, D]
        var output = attended.transpose(1, 2)  // [B, S, H, D]
            .reshape(batch, seq, h * d);        // [B, S, H·D], heads concatenated
        return o_proj.call(output).MoveToOuterDisposeScope();
    }

    /// <summary>Widest head written out by auto in bf16 on a CPU (see <see cref="Resolve"/>).</summary>
    public const int WrittenOutMaxHeadDim = 32;

    /// <summary>Which implementation runs for a kernel choice, compute dtype, device and head dim.</summary>
    /// <remarks>
    /// Auto in bf16 on a CPU: heads of at most <see cref="WrittenOutMaxHeadDim"/> dims are written out, where two bf16
    /// matmuls beat the fused kernel (0.82x of them at 32-dim heads, docs/BENCHMARKS.md); wider heads use the fused kernel.
    /// </remarks>
    public static AttentionPath Resolve(AttentionKernel kernel, bool bf16, bool cpu, int headDim) =>
        kernel == AttentionKernel.Auto && bf16 && cpu && headDim > WrittenOutMaxHeadDim && FusedCpuAttention.Instance is not null && FusedCpuAttention.SupportsHeadDim(headDim)
            ? AttentionPath.HrmSharpFused
            : kernel == AttentionKernel.Matmul || kernel == AttentionKernel.Auto && bf16 && cpu
                ? AttentionPath.WrittenOut
                : AttentionPath.LibtorchFused;

    /// <summary>A few words for run headers.</summary>
    public static string Describe(AttentionPath path) => path switch
    {
        AttentionPath.HrmSharpFused => "HrmSharp's fused bf16 kernel",
        AttentionPath.WrittenOut => "written out (matmul, softmax, matmul)",
        _ => "libtorch's fused kernel",
    };

    /// <summary>
    /// softmax(q kᵀ / √D) v in q's dtype; q, k, v [B, H, S, D], mask broadcastable to [B, H, S, S]. A row that may attend
    /// nowhere gives NaN here (the fused kernel gives 0); packed masks always let a token attend itself. Also the baseline
    /// that `hrm bench layers` and the fused kernel's tests compare against.
    /// </summary>
    public static Tensor WrittenOut(Tensor q, Tensor k, Tensor v, Tensor? mask, double scale)
    {
        var scores = matmul(q * scale, k.transpose(-2, -1)); // [B, H, S, S]
        if (mask is not null)
            scores = scores.masked_fill(mask.logical_not(), double.NegativeInfinity);
        return matmul(scores.softmax(-1), v); // softmax accumulates in fp32 internally, output in q's dtype
    }
}

/// <summary>What <see cref="Attention"/> runs: HrmSharp's native kernel, libtorch ops written out, or libtorch's fused kernel.</summary>
public enum AttentionPath { HrmSharpFused, WrittenOut, LibtorchFused }
