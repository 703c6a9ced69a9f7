namespace HrmSharp.Encoding;

/// <summary>How fast training batches were produced (sampling + encoding into reused buffers, one thread).</summary>
public sealed record EncodingBenchmarkResult(int BatchSize, int SeqLen, int Batches, double Seconds)
{
    public double BatchesPerSecond => Batches / Seconds;
    public double ExamplesPerSecond => (double)Batches * BatchSize / Seconds;
    public double MillisecondsPerBatch => Seconds * 1000 / Batches;

    public override string ToString() =>
        $"B={BatchSize} S={SeqLen}: {BatchesPerSecond:F1} batches/s, {MillisecondsPerBatch:F2} ms/batch, {ExamplesPerSecond:F0} examples/s ({Batches} batches)";
}
