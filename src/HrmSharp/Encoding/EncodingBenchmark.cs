using System.Diagnostics;

namespace HrmSharp.Encoding;

/// <summary>
/// Measures the data side of a training step: <see cref="BatchSampler.Fill"/> into reused buffers, as a trainer would
/// call it, after a short warm-up (JIT, first epoch plans).
/// </summary>
public static class EncodingBenchmark
{
    public static EncodingBenchmarkResult Measure(IPuzzleIdDataset dataset, int batchSize, int batches, int seed = 0, int warmup = 2)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batches, 1);
        var sampler = new BatchSampler(dataset, batchSize, seed);
        int s = sampler.SeqLen;
        var inputs = new int[batchSize * s];
        var labels = new int[batchSize * s];
        var ids = new int[batchSize];
        for (int i = 0; i < warmup; i++) sampler.Fill(i, inputs, labels, ids);

        var clock = Stopwatch.StartNew();
        for (int i = 0; i < batches; i++) sampler.Fill(warmup + i, inputs, labels, ids);
        return new EncodingBenchmarkResult(batchSize, s, batches, clock.Elapsed.TotalSeconds);
    }
}
