using HrmSharp.Benchmarks;
using static TorchSharp.torch;

namespace HrmSharp.Tests.Benchmarks;

/// <summary>`hrm bench layers`: every piece of a block is timed, and bad options are refused with a clear message.</summary>
public sealed class LayerTimingsTests
{
    [Theory]
    [InlineData(ScalarType.Float32)]
    [InlineData(ScalarType.BFloat16)]
    public void EveryPieceOfTheBlockGetsAPositiveTime(ScalarType dtype)
    {
        var timings = LayerTimings.Measure(dtype, reps: 1, batch: 2, seq: 12, hidden: 32, heads: 2);
        // 7 block pieces, the written-out attention core forward and forward + backward, and the same two for
        // HrmSharp's fused kernel where it runs (bf16, kernel loaded).
        bool fused = dtype == ScalarType.BFloat16 && HrmSharp.Native.FusedCpuAttention.Instance is not null;
        Assert.Equal(fused ? 11 : 9, timings.Count);
        Assert.Equal(fused, timings.Any(t => t.Name.Contains("fused kernel", StringComparison.Ordinal)));
        Assert.All(timings, t => Assert.True(t.Milliseconds > 0, $"{t.Name} took no time"));
        Assert.Contains(timings, t => t.Name.StartsWith("softmax", StringComparison.Ordinal));
    }

    [Fact]
    public void ZeroRepsIsAnErrorNamingTheOption()
    {
        var (exit, rep) = RecordingReporter.Run("bench", "layers", "--reps", "0");
        Assert.NotEqual(0, exit);
        Assert.Contains(rep.Errors, e => e.Contains("--reps must be at least 1", StringComparison.Ordinal));
    }
}
