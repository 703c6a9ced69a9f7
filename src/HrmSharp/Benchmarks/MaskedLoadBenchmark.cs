using System.Diagnostics;
using System.Runtime.InteropServices;
using HrmSharp.Runtime;
using static TorchSharp.torch;

namespace HrmSharp.Benchmarks;

/// <summary>
/// Times libtorch's softmax (its vectorised exp) with the pages of its masked-load constants as they are, dropped from this process's page table
/// (as the kernel's reclaim does), and dropped then read once: whether this machine has the slow path that
/// <see cref="MaskedLoadPages"/> works around.
/// </summary>
public static class MaskedLoadBenchmark
{
    /// <param name="Pages">Constant pages found in libtorch's Sleef code.</param>
    /// <param name="NormalMs">16 softmaxes over 256 × 256 floats (1 M values), median.</param>
    /// <param name="DroppedMs">The same right after the pages were dropped.</param>
    /// <param name="TouchedMs">Dropped, then read once normally.</param>
    public sealed record Result(int Pages, double NormalMs, double DroppedMs, double TouchedMs);

    private const int MadvDontNeed = 4;

    public static Result Measure(int reps = 9)
    {
        using var x = randn(256, 256); // small enough for the allocator to reuse its output (no page faults); loads libtorch first
        using var pages = new MaskedLoadPages(Timeout.InfiniteTimeSpan);
        var addresses = pages.Addresses;
        if (addresses.Count == 0)
            throw new HrmException("no masked-load constants were found in libtorch's Sleef code (this needs Linux x64 and libtorch's AVX-512 kernels)");
        var pageStarts = addresses.Select(a => a & ~(nint)4095).Distinct().ToArray();
        double Time()
        {
            var clock = Stopwatch.StartNew();
            for (int i = 0; i < 16; i++)
                x.softmax(-1).Dispose(); // vectorised exp (Sleef); torch.exp itself goes to MKL's VML
            return clock.Elapsed.TotalMilliseconds;
        }
        double Median(Func<double> measure) => Statistics.Median(Enumerable.Range(0, reps).Select(_ => measure()).ToArray());
        void Drop()
        {
            foreach (var page in pageStarts)
                if (Madvise(page, 4096, MadvDontNeed) != 0)
                    throw new HrmException($"madvise(MADV_DONTNEED) failed on a libtorch page (errno {Marshal.GetLastPInvokeError()})");
        }

        pages.Touch();
        Time(); // warm-up
        double normal = Median(Time);
        double dropped = Median(() => { Drop(); return Time(); });
        double touched = Median(() => { Drop(); pages.Touch(); return Time(); });
        return new Result(pageStarts.Length, normal, dropped, touched);
    }

    [DllImport("libc", EntryPoint = "madvise", SetLastError = true)]
    private static extern int Madvise(nint address, nuint length, int advice);
}
