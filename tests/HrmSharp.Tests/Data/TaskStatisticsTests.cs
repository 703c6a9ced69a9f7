using HrmSharp.Data;

namespace HrmSharp.Tests.Data;

public class TaskStatisticsTests
{
    private static Grid G(int rows, int cols) => Grid.Filled(rows, cols, 1);

    /// <summary>
    /// Task A: demos 2x2→3x3 and 1x1→2x7, test 2x3→3x4. Canvas max(test input, demo outputs) = 3x7 holds the 3x4 answer.
    ///   real 4+9+1+14+6+12 = 46, padded 900·6 = 5400, canvas 4+9+1+14+6+21 = 55.
    /// Task B: demo 1x1→1x1, test0 1x2→5x5 (canvas 1x2 is too small: 30x30 instead), test1 2x30 without output.
    ///   real 1+1+2+25 = 29, padded 900·4 = 3600, canvas 1+1+2+900 = 904.
    /// </summary>
    private static readonly ArcTask[] Tasks =
    [
        new("A", [new Pair(G(2, 2), G(3, 3)), new Pair(G(1, 1), G(2, 7))], [new Pair(G(2, 3), G(3, 4))]),
        new("B", [new Pair(G(1, 1), G(1, 1))], [new Pair(G(1, 2), G(5, 5)), new Pair(G(2, 30), null)]),
    ];

    [Fact]
    public void CountsAndHistogramMatchHandComputedValues()
    {
        var s = TaskStatistics.Compute(Tasks);

        Assert.Equal((2, 3, 3, 1), (s.Tasks, s.DemoPairs, s.TestPairs, s.TestsWithoutOutput));
        // Larger sides of the six pairs: 3, 7, 4 | 1, 5, 30.
        Assert.Equal(["1-5:4", "6-10:1", "11-15:0", "16-20:0", "21-25:0", "26-29:0", "30:1"],
                     s.SizeHistogram.Select(b => $"{b.Label}:{b.Pairs}"));
    }

    [Fact]
    public void SequenceLengthsMatchHandComputedValues()
    {
        var s = TaskStatistics.Compute(Tasks);

        Assert.Equal([new SequenceLength("A", 0, 46, 5400, 55, true), new SequenceLength("B", 0, 29, 3600, 904, false)], s.Sequences);
        Assert.Equal(new LengthSummary(2, 29, 46, 75, 46 * 46 + 29 * 29), s.Real);
        Assert.Equal(new LengthSummary(2, 3600, 5400, 9000, 5400L * 5400 + 3600L * 3600), s.Padded);
        Assert.Equal(new LengthSummary(2, 55, 904, 959, 55 * 55 + 904 * 904), s.Canvas);
        Assert.Equal(9000.0 / 75, s.TokenRatio, 12);
        Assert.Equal((5400.0 * 5400 + 3600.0 * 3600) / (46 * 46 + 29 * 29), s.AttentionRatio, 12);
        Assert.Equal(0.5, s.CanvasFitShare);
        Assert.Equal(9000.0 / 959, s.PaddedOverCanvas, 12);
    }

    [Fact]
    public void PercentilesAreNearestRank()
    {
        int[] sorted = [10, 20, 30, 40];
        Assert.Equal(20, LengthSummary.NearestRank(sorted, 0.5)); // lower middle of an even count
        Assert.Equal(40, LengthSummary.NearestRank(sorted, 0.9));
        Assert.Equal(10, LengthSummary.NearestRank(sorted, 0.0));
        Assert.Equal(3, LengthSummary.Of([5, 1, 3]).Median);
    }

    [SkippableFact]
    public void ReproducesTheReferenceFiguresOnArc1Evaluation()
    {
        var s = TaskStatistics.Compute(TaskLoader.Load(TestPaths.RequireArc("arc-agi-1/evaluation")));

        // The published ARC-1 evaluation figures: 419 sequences; median 1242 real vs 7200 padded; token ratio 4.5; attention 11.6; canvas fit 97.6%;
        // with the canvas in place of the answer: padded/canvas 4.28, attention 10.9, 1.05-1.07x the real cells.
        Assert.Equal(400, s.Tasks);
        Assert.Equal(419, s.Sequences.Count);
        Assert.Equal(1242, s.Real.Median);
        Assert.Equal(7200, s.Padded.Median);
        Assert.Equal(4.5, Math.Round(s.TokenRatio, 1));
        Assert.Equal(11.6, Math.Round(s.AttentionRatio, 1));
        Assert.Equal(97.6, Math.Round(100 * s.CanvasFitShare, 1));
        Assert.Equal(4.28, Math.Round(s.PaddedOverCanvas, 2));
        Assert.Equal(10.9, Math.Round(s.AttentionPaddedOverCanvas, 1));
        Assert.InRange(s.CanvasOverReal, 1.04, 1.07);
    }
}
