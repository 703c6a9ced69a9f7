using HrmSharp.Tests.Training;

namespace HrmSharp.Tests.Experiments;

/// <summary>`hrm bench train --core trm|transformer` reports speed for each core.</summary>
public sealed class BenchTrainCoreTests
{
    [Theory]
    [InlineData("trm")]
    [InlineData("transformer")]
    public void BenchTrainReportsTokensPerSecondAndShareOfPeakForTheCore(string core)
    {
        using var dir = new TempDir();
        var preset = TinyRuns.WritePreset(dir.Path, TinyRuns.Synthetic() with { Model = TinyRuns.Synthetic().Model with { NoActContinue = core == "trm" } });
        var (exit, rep) = RecordingReporter.Run("bench", "train", "--preset", preset, "--core", core, "--steps", "1", "--warmup", "0");
        Assert.True(exit == 0, string.Join("\n", rep.Errors));
        Assert.Contains(rep.Infos, l => l.StartsWith($"tiny-test ({core} core):", StringComparison.Ordinal));
        Assert.Contains(rep.Infos, l => l.StartsWith("tokens/s ", StringComparison.Ordinal));
        Assert.Contains(rep.Infos, l => l.StartsWith("model ", StringComparison.Ordinal) && l.Contains("of peak"));
    }
}
