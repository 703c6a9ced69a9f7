using HrmSharp.Data;
using HrmSharp.Encoding.Context;
using Xunit.Abstractions;

namespace HrmSharp.Tests.Encoding.Context;

/// <summary>
/// The batcher's target on ARC-1 evaluation: tokens processed (padding included) ≤ 1.10× the sum of the sequences'
/// cells with the canvas in place of the answer; and the padded layout's cost against the same sum (4.28 on ARC-1 evaluation).
/// </summary>
public class ArcEvaluationTokenRatioTests(ITestOutputHelper output)
{
    [SkippableFact]
    public void BatchingStaysWithinTenPercentOfTheRealCellsAndPaddingCostsFourTimesMore()
    {
        var tasks = TaskLoader.Load(TestPaths.RequireArc("arc-agi-1/evaluation"));
        var stats = TaskStatistics.Compute(tasks);
        var packed = tasks.SelectMany(t => new ContextEncoder().EncodeTests(t)).ToList();
        var padded = tasks.SelectMany(t => new ContextEncoder(new ContextEncoderOptions { Layout = ContextLayout.Padded }).EncodeTests(t)).ToList();
        int[] lengths = packed.Select(s => s.Length).ToArray(), paddedLengths = padded.Select(s => s.Length).ToArray();

        // The encoder's sequences are exactly the statistics' "canvas in place of the answer" sequences.
        Assert.Equal(stats.Sequences.Count, packed.Count);
        Assert.Equal(stats.Canvas.Sum, lengths.Sum(l => (long)l));
        Assert.Equal(stats.Padded.Sum, paddedLengths.Sum(l => (long)l));
        long cells = stats.Canvas.Sum;

        output.WriteLine($"{packed.Count} sequences, {cells} cells with the canvas in place of the answer (median {stats.Canvas.Median}, longest {lengths.Max()})");
        output.WriteLine("layout  pack  max-row  tokens/batch  batches  tokens/cells  attention/own");
        var defaults = new BatchingOptions();
        foreach (var (pack, maxRow, budget) in new[] { (true, 2048, 16384), (true, 4096, 16384), (true, 2048, 32768), (true, 4096, 32768),
            (true, lengths.Max(), 32768), (false, 0, 16384), (false, 0, 32768) })
        {
            var options = defaults with { Pack = pack, MaxRowLength = pack ? maxRow : defaults.MaxRowLength, TokensPerBatch = budget };
            var cost = BatchCost.Of(BatchPlanner.Plan(lengths, options, seed: 0), lengths);
            output.WriteLine($"packed  {(pack ? "yes" : "no"),-4}  {(pack ? maxRow.ToString() : "-"),7}  {budget,12}  {cost.Batches,7}  " +
                             $"{cost.ProcessedTokens / (double)cells,12:F3}  {cost.AttentionRatio,13:F2}");
            Assert.True(cost.TokenRatio <= 1.10, $"batching {options} processes {cost.TokenRatio:F3}x the cells");
        }
        var paddedCost = BatchCost.Of(BatchPlanner.Plan(paddedLengths, defaults with { Pack = false, TokensPerBatch = 32768 }, seed: 0), paddedLengths);
        double paddedRatio = paddedCost.ProcessedTokens / (double)cells;
        output.WriteLine($"padded  no          -  {32768,12}  {paddedCost.Batches,7}  {paddedRatio,12:F3}  " +
                         $"(attention vs packed sequences: {paddedCost.ProcessedAttentionScores / (double)stats.Canvas.SumOfSquares:F2})");

        // Every padded sequence length is a multiple of 900, and the padded layout costs what the statistics say.
        Assert.Equal(stats.PaddedOverCanvas, paddedLengths.Sum(l => (long)l) / (double)cells, 12);
        Assert.InRange(paddedRatio, 4.2, 4.4);
    }
}
