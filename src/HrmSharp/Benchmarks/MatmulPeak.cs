using System.Diagnostics;
using static TorchSharp.torch;

namespace HrmSharp.Benchmarks;

/// <summary>Measures this machine's dense matmul throughput, the yardstick for "share of peak" in the training benches.</summary>
public static class MatmulPeak
{
    public sealed record Result(ScalarType DType, int Size, double GflopPerSecond);

    /// <summary>Best of several timed runs of an n×n×n matmul (after a warm-up), in GFLOP/s.</summary>
    public static Result Measure(ScalarType dtype, Device device, int n = 2048, int repeats = 5)
    {
        using var scope = NewDisposeScope();
        var a = randn(n, n, dtype: dtype, device: device);
        var b = randn(n, n, dtype: dtype, device: device);
        using (no_grad())
        {
            matmul(a, b).Dispose(); // warm-up: first call pays for kernel selection
            double best = double.MaxValue;
            for (int i = 0; i < repeats; i++)
            {
                var sw = Stopwatch.StartNew();
                using var c = matmul(a, b);
                if (device.type != TorchSharp.DeviceType.CPU) c.cpu().Dispose(); // synchronise
                best = Math.Min(best, sw.Elapsed.TotalSeconds);
            }
            return new Result(dtype, n, 2.0 * n * n * n / best / 1e9);
        }
    }
}
