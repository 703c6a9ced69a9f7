using System.Runtime.InteropServices;
using HrmSharp.Runtime;
using static TorchSharp.torch;

namespace HrmSharp.Native;

/// <summary>
/// softmax(q kᵀ · scale) v in bf16 on an AVX-512 BF16 CPU as one pass per (batch, head), scores and softmax in fp32:
/// the native kernel built with the project (fused_attention.c beside this file; this class is its interop). libtorch 2.10 has no fast fused bf16 attention
/// on such a CPU (its scaled_dot_product_attention is ~2.5× slower than the written-out matmuls), and the written-out
/// form spends half its time moving the [B, H, S, S] scores through memory. Forward and backward (an autograd node
/// that recomputes the scores). Deterministic: each (batch, head) is computed by one thread in a fixed order.
/// </summary>
public sealed unsafe class FusedCpuAttention
{
    public const string LibraryFile = "libhrm_fused_attention.so";

    private static readonly Lazy<(FusedCpuAttention? Kernel, string Status)> Loaded = new(Load);

    /// <summary>A bf16 [B, S, H, D] tensor by element strides, the last dimension contiguous (the C side's hrm_view).</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct View
    {
        public IntPtr Data;
        public long BatchStride, PositionStride, HeadStride;

        public View(Tensor t) => (Data, BatchStride, PositionStride, HeadStride) = (DataOf(t), t.stride(0), t.stride(1), t.stride(2));
    }

    /// <summary>One call's inputs (the C side's hrm_attention): q, k, v, the mask bytes or null, S, H, D and the scale.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct Args
    {
        public View Q, K, V;
        public IntPtr Mask;
        public long MaskBatchStride;
        public long S, Heads, D;
        public float Scale;
    }

    // args, out, lse, bh range.
    private readonly delegate* unmanaged<Args*, IntPtr, IntPtr, long, long, int> _forward;

    // args, out, dout, lse, dq, dk, dv, bh range.
    private readonly delegate* unmanaged<Args*, IntPtr, IntPtr, IntPtr, IntPtr, IntPtr, IntPtr, long, long, int> _backward;

    private FusedCpuAttention(IntPtr forward, IntPtr backward)
    {
        _forward = (delegate* unmanaged<Args*, IntPtr, IntPtr, long, long, int>)forward;
        _backward = (delegate* unmanaged<Args*, IntPtr, IntPtr, IntPtr, IntPtr, IntPtr, IntPtr, long, long, int>)backward;
    }

    private static Args ArgsOf(Tensor q, Tensor k, Tensor v, Tensor? maskBytes, long maskBatchStride, long s, long h, long d, double scale) => new()
    {
        Q = new View(q), K = new View(k), V = new View(v),
        Mask = maskBytes is null ? IntPtr.Zero : DataOf(maskBytes), MaskBatchStride = maskBatchStride,
        S = s, Heads = h, D = d, Scale = (float)scale,
    };

    /// <summary>The kernel, or null when this machine has none (see <see cref="Status"/>).</summary>
    public static FusedCpuAttention? Instance => Loaded.Value.Kernel;

    /// <summary>One line for `hrm info`: whether the kernel is in use, and if not, why.</summary>
    public static string Status => Loaded.Value.Status;

    /// <summary>Head dims the kernel takes (positive multiples of 16).</summary>
    public static bool SupportsHeadDim(long headDim) => headDim > 0 && headDim % 16 == 0;

    /// <summary>
    /// softmax(q kᵀ · scale) v, differentiable: with gradient enabled and q, k or v requiring it, the backward pass is the
    /// native one too (it recomputes the scores from each row's saved log-sum-exp instead of keeping [B, H, S, S]).
    /// q, k, v: bf16 CPU [B, S, H, D] (any strides with the last dimension contiguous, e.g. views into a fused QKV
    /// projection); mask: null, [S, S] or [B, S, S], true = may attend. Returns a new contiguous [B, S, H, D] tensor, heads
    /// side by side as the output projection wants them. A row that may attend nowhere gives zeros. The work is split over
    /// libtorch's intra-op thread count by (batch, head).
    /// </summary>
    public Tensor Attend(Tensor q, Tensor k, Tensor v, Tensor? mask, double scale) =>
        is_grad_enabled() && (q.requires_grad || k.requires_grad || v.requires_grad)
            ? Differentiable.apply(q, k, v, mask!, this, scale)
            : Forward(q, k, v, mask, scale, get_num_threads(), lse: null);

    /// <summary>The forward kernel alone (no autograd); with <paramref name="lse"/> (fp32 [B·H·S]) it also stores each
    /// row's log Σ exp for <see cref="Backward"/>.</summary>
    internal Tensor Forward(Tensor q, Tensor k, Tensor v, Tensor? mask, double scale, int threads, Tensor? lse = null)
    {
        var (b, s, h, d) = CheckShapes(q, k, v);
        using var scope = NewDisposeScope();
        var output = empty([b, s, h, d], ScalarType.BFloat16);
        var (maskBytes, maskBatchStride) = MaskBytes(mask, b, s);
        var args = ArgsOf(q, k, v, maskBytes, maskBatchStride, s, h, d, scale);
        IntPtr op = DataOf(output), lp = lse is null ? IntPtr.Zero : DataOf(lse);
        Split(b * h, threads, (begin, end) =>
        {
            var call = args;
            return _forward(&call, op, lp, begin, end);
        }, s, d);
        return output.MoveToOuterDisposeScope();
    }

    /// <summary>Gradients for q, k, v (contiguous bf16 [B, S, H, D]) from the forward's output, the gradient arriving at
    /// it and the forward's log-sum-exp.</summary>
    internal (Tensor Dq, Tensor Dk, Tensor Dv) Backward(Tensor q, Tensor k, Tensor v, Tensor output, Tensor gradOutput,
        Tensor lse, Tensor? mask, double scale, int threads)
    {
        var (b, s, h, d) = CheckShapes(q, k, v);
        using var scope = NewDisposeScope();
        var o = output.to(ScalarType.BFloat16).contiguous();
        var g = gradOutput.to(ScalarType.BFloat16).contiguous();
        var (dq, dk, dv) = (empty([b, s, h, d], ScalarType.BFloat16), empty([b, s, h, d], ScalarType.BFloat16), empty([b, s, h, d], ScalarType.BFloat16));
        var (maskBytes, maskBatchStride) = MaskBytes(mask, b, s);
        var args = ArgsOf(q, k, v, maskBytes, maskBatchStride, s, h, d, scale);
        IntPtr opp = DataOf(o), gp = DataOf(g), lp = DataOf(lse), dqp = DataOf(dq), dkp = DataOf(dk), dvp = DataOf(dv);
        Split(b * h, threads, (begin, end) =>
        {
            var call = args;
            return _backward(&call, opp, gp, lp, dqp, dkp, dvp, begin, end);
        }, s, d);
        return (dq.MoveToOuterDisposeScope(), dk.MoveToOuterDisposeScope(), dv.MoveToOuterDisposeScope());
    }

    private static (long B, long S, long H, long D) CheckShapes(Tensor q, Tensor k, Tensor v)
    {
        foreach (var t in new[] { q, k, v })
        {
            if (t.dtype != ScalarType.BFloat16 || t.device_type != TorchSharp.DeviceType.CPU || t.dim() != 4 || t.stride(3) != 1 ||
                !t.shape.SequenceEqual(q.shape))
                throw new ArgumentException("fused attention needs bf16 CPU q, k, v of one shape [B, S, H, D] with D contiguous, " +
                                            $"got {t.dtype} {t.device_type} [{string.Join(", ", t.shape)}]");
            // The kernel reads rows as 32-bit pairs of bf16: every row must start at an even element.
            if (t.storage_offset() % 2 != 0 || t.stride(0) % 2 != 0 || t.stride(1) % 2 != 0 || t.stride(2) % 2 != 0)
                throw new ArgumentException("fused attention needs q, k, v rows that start at even elements, " +
                                            $"got strides [{string.Join(", ", t.stride())}] offset {t.storage_offset()}");
        }
        if (!SupportsHeadDim(q.shape[3])) throw new ArgumentException($"fused attention needs a head dim that is a multiple of 16, got {q.shape[3]}");
        return (q.shape[0], q.shape[1], q.shape[2], q.shape[3]);
    }

    /// <summary>The mask as contiguous bytes [B or 1, S, S] and its batch stride (0 = shared by every row).</summary>
    private static (Tensor? Bytes, long BatchStride) MaskBytes(Tensor? mask, long b, long s)
    {
        if (mask is null) return (null, 0);
        var m = mask.dim() == 2 ? mask.unsqueeze(0) : mask; // [B or 1, S, S]
        if (m.dim() != 3 || m.shape[1] != s || m.shape[2] != s || m.shape[0] != 1 && m.shape[0] != b)
            throw new ArgumentException($"attention mask must be [S, S] or [B, S, S] with S = {s}, got [{string.Join(", ", mask.shape)}]");
        return (m.to(ScalarType.Bool).contiguous(), m.shape[0] == 1 ? 0 : s * s);
    }

    /// <summary>Runs the kernel over (batch, head) ranges, one per thread; each pair is computed whole by one thread, so
    /// the result does not depend on the split.</summary>
    private static void Split(long pairs, int threads, Func<long, long, int> kernel, long s, long d)
    {
        int parts = (int)Math.Min(Math.Max(1, threads), pairs);
        void Run(int part)
        {
            int rc = kernel(pairs * part / parts, pairs * (part + 1) / parts);
            if (rc != 0)
                throw new InvalidOperationException(rc == 2
                    ? $"fused attention: out of memory for sequence length {s}, head dim {d}"
                    : $"fused attention rejected sequence length {s}, head dim {d}");
        }
        if (parts == 1) Run(0);
        else Parallel.For(0, parts, Run);
    }

    /// <summary>The autograd node: saves q, k, v, the output and the log-sum-exp; backward runs the native kernel.</summary>
    private sealed class Differentiable : autograd.SingleTensorFunction<Differentiable>
    {
        public override string Name => nameof(FusedCpuAttention);

        // vars: q, k, v, mask (Tensor or null), kernel, scale.
        public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
        {
            var (q, k, v, mask) = ((Tensor)vars[0], (Tensor)vars[1], (Tensor)vars[2], vars[3] as Tensor);
            var (kernel, scale) = ((FusedCpuAttention)vars[4], (double)vars[5]);
            var lse = empty([q.shape[0] * q.shape[2] * q.shape[1]], ScalarType.Float32);
            var output = kernel.Forward(q, k, v, mask, scale, get_num_threads(), lse);
            ctx.save_for_backward([q, k, v, output.detach(), lse, mask!]);
            ctx.save_data("kernel", kernel);
            ctx.save_data("scale", scale);
            return output;
        }

        public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor gradOutput)
        {
            var saved = ctx.get_saved_variables(); // q, k, v, output, lse, mask (null when none)
            var kernel = (FusedCpuAttention)ctx.get_data("kernel");
            var mask = saved[5] is { IsInvalid: false } m ? m : null;
            var (dq, dk, dv) = kernel.Backward(saved[0], saved[1], saved[2], saved[3], gradOutput, saved[4], mask,
                (double)ctx.get_data("scale"), get_num_threads());
            return [dq, dk, dv, null!, null!, null!];
        }
    }

    [DllImport("LibTorchSharp")]
    private static extern IntPtr THSTensor_data(IntPtr handle);

    private static IntPtr DataOf(Tensor t) =>
        THSTensor_data(t.Handle) is var p && p != IntPtr.Zero ? p : throw new InvalidOperationException("tensor has no data");

    private static (FusedCpuAttention?, string) Load()
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64)
            return (null, "not built for this OS/architecture (Linux x64 only); bf16 attention uses libtorch's kernels");
        if (!CpuFeatures.Flags.Contains("avx512_bf16") || !CpuFeatures.Flags.Contains("avx512bw"))
            return (null, "this CPU has no AVX-512 BF16; bf16 attention uses libtorch's kernels");
        var candidates = new[] { AppContext.BaseDirectory, Path.GetDirectoryName(typeof(FusedCpuAttention).Assembly.Location) ?? "" }
            .Select(dir => Path.Combine(dir, LibraryFile));
        foreach (var path in candidates)
        {
            if (!File.Exists(path) || !NativeLibrary.TryLoad(path, out var handle)) continue;
            if (!NativeLibrary.TryGetExport(handle, "hrm_fused_attention_supported", out var supported) ||
                !NativeLibrary.TryGetExport(handle, "hrm_fused_attention_forward", out var forward) ||
                !NativeLibrary.TryGetExport(handle, "hrm_fused_attention_backward", out var backward))
                return (null, $"{path} lacks the expected functions; bf16 attention uses libtorch's kernels");
            if (((delegate* unmanaged<int>)supported)() == 0)
                return (null, "the kernel reports this CPU unsupported; bf16 attention uses libtorch's kernels");
            return (new FusedCpuAttention(forward, backward), $"fused bf16 attention kernel in use ({path})");
        }
        return (null, $"{LibraryFile} was not built (needs gcc at build time); bf16 attention uses libtorch's kernels");
    }
}
