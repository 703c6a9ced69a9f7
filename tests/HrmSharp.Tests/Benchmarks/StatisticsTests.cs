using HrmSharp.Benchmarks;

namespace HrmSharp.Tests.Benchmarks;

public sealed class StatisticsTests
{
    [Fact]
    public void MedianIgnoresAnOutlierStepThatSkewsTheMean()
    {
        double[] steps = [3.9, 11.6, 4.1];
        Assert.Equal(4.1, Statistics.Median(steps));
        Assert.True(steps.Average() > 6);
    }

    [Fact]
    public void MedianOfAnEvenCountIsTheMeanOfTheMiddlePair() =>
        Assert.Equal(2.5, Statistics.Median([4.0, 1.0, 3.0, 2.0]));

    [Fact]
    public void MedianOfNothingIsZero() => Assert.Equal(0, Statistics.Median([]));
}
