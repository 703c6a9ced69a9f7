using HrmSharp.Evaluation;

namespace HrmSharp.Tests.Evaluation;

public class SequenceAccuracyTests
{
    [Fact]
    public void AveragesPerSequenceOverLabelledPositionsOnly()
    {
        var acc = new SequenceAccuracy();
        acc.Add([1, 2, 3, 4], [1, 2, 3, 4]);            // 4/4, exact
        acc.Add([1, 9, 9, 9], [1, 2, -100, -100]);      // 1/2: ignored positions do not count
        acc.Add([5, 5], [-100, -100]);                  // nothing to score: skipped

        Assert.Equal(2, acc.Sequences);
        Assert.Equal((1.0 + 0.5) / 2, acc.TokenAccuracy);
        Assert.Equal(0.5, acc.ExactAccuracy);
        Assert.Equal((5L, 6L), (acc.CorrectTokens, acc.LabelTokens));
        Assert.Throws<ArgumentException>(() => acc.Add([1], [1, 2]));
        Assert.Equal(0, new SequenceAccuracy().TokenAccuracy);
    }
}
