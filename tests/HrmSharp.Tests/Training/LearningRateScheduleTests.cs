using HrmSharp.Training;

namespace HrmSharp.Tests.Training;

public class LearningRateScheduleTests
{
    private const double Base = 1e-4;

    private static void Near(double expected, double actual) =>
        Assert.True(Math.Abs(expected - actual) <= 1e-15 * Math.Abs(expected) + 1e-300, $"expected {expected:R}, got {actual:R}");

    [Fact]
    public void WarmUpIsLinearFromZero()
    {
        var s = new LearningRateSchedule(WarmupSteps: 2000, TotalSteps: 10_000);
        Assert.Equal(0.0, s.At(Base, 0));
        Near(Base / 2000, s.At(Base, 1));            // the reference's first update (it counts before computing)
        Near(Base / 2, s.At(Base, 1000));
        Near(Base * 1999 / 2000, s.At(Base, 1999));
    }

    [Fact]
    public void MinRatioOneIsConstantAfterWarmUp()
    {
        var s = new LearningRateSchedule(2000, 10_000);   // the reference's ARC setting
        foreach (var step in new long[] { 2000, 2001, 6000, 10_000, 50_000 })
            Assert.Equal(Base, s.At(Base, step));
    }

    [Fact]
    public void CosineDecaysToTheFloorAtKnownPoints()
    {
        // 100 warm-up steps, 1200 decay steps, floor 0.1: progress p gives 0.1 + 0.9·(1 + cos πp)/2.
        var s = new LearningRateSchedule(100, 1300, MinRatio: 0.1);
        Near(Base, s.At(Base, 100));                                        // p = 0
        Near(Base * (0.1 + 0.9 * 0.5 * (1 + Math.Sqrt(0.5))), s.At(Base, 400));  // p = 1/4, cos = √½
        Near(Base * (0.1 + 0.9 * 0.75), s.At(Base, 500));                  // p = 1/3, cos = ½
        Assert.True(Math.Abs(Base * 0.55 - s.At(Base, 700)) < 1e-20);      // p = 1/2, cos ≈ 0
        Near(Base * 0.1, s.At(Base, 1300));                                // p = 1
        Near(Base * 0.1, s.At(Base, 5000));                                // past the end: stays at the floor
        Assert.True(s.At(Base, 600) > s.At(Base, 601));
    }

    [Fact]
    public void OtherCycleCountsAndZeroFloor()
    {
        var half = new LearningRateSchedule(0, 100, MinRatio: 0);
        Assert.Equal(0.0, half.At(2.0, 100));
        Near(1.0, half.At(2.0, 50));
        var full = new LearningRateSchedule(0, 100, MinRatio: 0, NumCycles: 1);
        Assert.True(full.At(2.0, 50) < 1e-30);     // a full cycle bottoms out half-way
        Near(2.0, full.At(2.0, 100));              // and is back at the top at the end
    }

    [Fact]
    public void BadSettingsAreUserErrors()
    {
        Assert.Contains("lr_min_ratio must be in [0, 1], got 1.5",
            Assert.Throws<HrmException>(() => new LearningRateSchedule(10, 100, MinRatio: 1.5)).Message);
        Assert.Contains("warm-up", Assert.Throws<HrmException>(() => new LearningRateSchedule(-1, 100)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new LearningRateSchedule(10, 100).At(Base, -1));
    }
}
