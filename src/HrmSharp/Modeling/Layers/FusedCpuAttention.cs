using System.Runtime.InteropServices;
using HrmSharp.Benchmarks;
using static TorchSharp.torch;

namespace HrmSharp.Modeling.Layers;

/// <summary>
/// softmax(q kᵀ · scale) v in bf16 on an AVX-512 BF16 CPU as one pass per (batch, head), scores and softmax in fp32:
/// the native kernel built with the project (Native/fused_attention.c). libtorch 2.10 has no fast fused bf16 attention
/// on such a CPU (its scaled_dot_product_attention is ~2.5× slower than the written-out matmuls), and the written-out
/// form spends half its time moving the [B, H, S, S] scores through memory. Forward only: no autograd, so
/// <see cref="Attention"/> uses it for forwards that need no gradient (HRM's no-grad cycles, the Q-target forward,
/// evaluation). Deterministic: each (batch, head) is computed by one thread in a fixed order.
/// </summary>
public sealed unsafe class FusedCpuAttention
{
    public const string LibraryFile = "libhrm_fused_attention.so";

    private static readonly Lazy<(FusedCpuAttention? Kernel, string Status)> Loaded = new(Load);

    private readonly delegate* unmanaged<
        IntPtr, long, long, long, IntPtr, long, long, long, IntPtr, long, long, long,
        IntPtr, IntPtr, long, long, long, long, float, long, long, int> _forward;

    private FusedCpuAttention(IntPtr forward) =>
        _forward = (delegate* unmanaged<IntPtr, long, long, long, IntPtr, long, long, long, IntPtr, long, long, long,
            IntPtr, IntPtr, long, long, long, long, float, long, long, int>)forward;

    /// <summary>The kernel, or null when this machine has none (see <see cref="Status"/>).</summary>
    public static FusedCpuAttention? Instance => Loaded.Value.Kernel;

    /// <summary>One line for `hrm info`: whether the kernel is in use, and if not, why.</summary>
    public static string Status => Loaded.Value.Status;

    /// <summary>Head dims the kernel takes (positive multiples of 16).</summary>
    public static bool SupportsHeadDim(long headDim) => headDim > 0 && headDim % 16 == 0;

    /// <summary>
    /// q, k, v: bf16 CPU [B, S, H, D] (any strides with the last dimension contiguous, e.g. views into a fused QKV
    /// projection); mask: null, [S, S] or [B, S, S], true = may attend. Returns a new contiguous [B, S, H, D] tensor, heads
    /// side by side as the output projection wants them. A row that may attend nowhere gives zeros. The work is split over
    /// libtorch's intra-op thread count by (batch, head).
    /// </summary>
    public Tensor Forward(Tensor q, Tensor k, Tensor v, Tensor? mask, double scale) =>
        Forward(q, k, v, mask, scale, get_num_threads());

    /// <summary><see cref="Forward(Tensor, Tensor, Tensor, Tensor?, double)"/> split over <paramref name="threads"/> threads.</summary>
    internal Tensor Forward(Tensor q, Tensor k, Tensor v, Tensor? mask, double scale, int threads)
    {
        long b = q.shape[0], s = q.shape[1], h = q.shape[2], d = q.shape[3];
        foreach (var t in new[] { q, k, v })
        {
            if (t.dtype != ScalarType.BFloat16 || t.device_type != TorchSharp.DeviceType.CPU || t.stride(3) != 1 ||
                !t.shape.SequenceEqual(q.shape))
                throw new ArgumentException($"fused attention needs bf16 CPU q, k, v of one shape [B, S, H, D] with D contiguous, got {t.dtype} {t.device_type} [{string.Join(", ", t.shape)}]");
        }
        if (!SupportsHeadDim(d)) throw new ArgumentException($"fused attention needs a head dim that is a multiple of 16, got {d}");

        using var scope = NewDisposeScope();
        var output = empty([b, s, h, d], ScalarType.BFloat16);
        Tensor? maskBytes = null;
        long maskBatchStride = 0;
        if (mask is not null)
        {
            var m = mask.dim() == 2 ? mask.unsqueeze(0) : mask; // [B or 1, S, S]
            if (m.dim() != 3 || m.shape[1] != s || m.shape[2] != s || m.shape[0] != 1 && m.shape[0] != b)
                throw new ArgumentException($"attention mask must be [S, S] or [B, S, S] with S = {s}, got [{string.Join(", ", mask.shape)}]");
            maskBytes = m.to(ScalarType.Bool).contiguous();
            maskBatchStride = m.shape[0] == 1 ? 0 : s * s;
        }

        IntPtr qp = DataOf(q), kp = DataOf(k), vp = DataOf(v), op = DataOf(output);
        IntPtr mp = maskBytes is null ? IntPtr.Zero : DataOf(maskBytes);
        long qsb = q.stride(0), qss = q.stride(1), qsh = q.stride(2);
        long ksb = k.stride(0), kss = k.stride(1), ksh = k.stride(2);
        long vsb = v.stride(0), vss = v.stride(1), vsh = v.stride(2);
        long pairs = b * h;
        int parts = (int)Math.Min(Math.Max(1, threads), pairs);
        void Run(int part)
        {
            long begin = pairs * part / parts, end = pairs * (part + 1) / parts;
            int rc = _forward(qp, qsb, qss, qsh, kp, ksb, kss, ksh, vp, vsb, vss, vsh, op, mp, maskBatchStride,
                s, h, d, (float)scale, begin, end);
            if (rc != 0)
                throw new InvalidOperationException(rc == 2
                    ? $"fused attention: out of memory for sequence length {s}, head dim {d}"
                    : $"fused attention rejected the shape [{b}, {s}, {h}, {d}]");
        }
        if (parts == 1) Run(0);
        else Parallel.For(0, parts, Run);
        return output.MoveToOuterDisposeScope();
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
                !NativeLibrary.TryGetExport(handle, "hrm_fused_attention_forward", out var forward))
                return (null, $"{path} lacks the expected functions; bf16 attention uses libtorch's kernels");
            if (((delegate* unmanaged<int>)supported)() == 0)
                return (null, "the kernel reports this CPU unsupported; bf16 attention uses libtorch's kernels");
            return (new FusedCpuAttention(forward), $"fused bf16 attention kernel in use for forwards without gradient ({path})");
        }
        return (null, $"{LibraryFile} was not built (needs gcc at build time); bf16 attention uses libtorch's kernels");
    }
}
