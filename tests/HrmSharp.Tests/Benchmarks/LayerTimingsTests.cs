using HrmSharp.Benchmarks;
using static TorchSharp.torch;

namespace HrmSharp.Tests.Benchmarks;

/// <summary>`hrm bench layers`: every piece of a block is timed, and bad options are refused with a clear message.</summary>
public sealed class LayerTimingsTests
{
    [Fact]
    public void EveryPieceOfTheBlockGetsAPositiveTime()
    {
        var timings = LayerTimings.Measure(ScalarType.Float32, reps: 1, batch: 2, seq: 12, hidden: 32, heads: 2);
        Assert.Equal(7, timings.Count);
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
