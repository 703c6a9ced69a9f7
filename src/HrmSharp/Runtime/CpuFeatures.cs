namespace HrmSharp.Runtime;

/// <summary>
/// What the CPU can do fast. bf16 matmul is ~2.8× faster than fp32 on CPUs with AVX-512 BF16 or AMX, but on CPUs
/// without them libtorch falls back to a scalar path that was measured ~100× slower than fp32 (docs/BENCHMARKS.md),
/// so `--dtype auto` picks bf16 only where it pays.
/// </summary>
public static class CpuFeatures
{
    public static IReadOnlySet<string> Flags { get; } = ReadFlags();

    public static bool HasFastBf16 => Flags.Contains("avx512_bf16") || Flags.Contains("amx_bf16");

    private static HashSet<string> ReadFlags()
    {
        try
        {
            if (!File.Exists("/proc/cpuinfo")) return [];
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("flags", StringComparison.Ordinal));
            return line is null ? [] : [.. line[(line.IndexOf(':') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries)];
        }
        catch (IOException)
        {
            return [];
        }
    }
}
