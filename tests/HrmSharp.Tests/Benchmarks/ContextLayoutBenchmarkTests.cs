using System.Globalization;
using HrmSharp.Benchmarks;
using HrmSharp.Cli;
using HrmSharp.Data;
using HrmSharp.Encoding.Context;

namespace HrmSharp.Tests.Benchmarks;

/// <summary>`hrm bench context` on three tiny tasks: both layouts run through the model and every token is accounted for.</summary>
public sealed class ContextLayoutBenchmarkTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("hrm-benchctx-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static Grid G(int rows, int cols, int seed) => Grid.Create(rows, cols, (r, c) => (r * 7 + c * 3 + seed) % 10);

    /// <summary>Task a: 2 demos, 1 test; b: 1 demo, 2 tests; c: 3 demos, 1 test. Every test output fits its max-rule canvas.</summary>
    private static ArcTask[] Tasks() =>
    [
        new("a", [new(G(2, 3, 1), G(2, 3, 2)), new(G(1, 2, 3), G(3, 1, 4))], [new(G(2, 2, 5), G(2, 2, 6))]),
        new("b", [new(G(3, 3, 1), G(3, 3, 2))], [new(G(1, 1, 3), G(1, 1, 4)), new(G(2, 4, 5), G(2, 4, 6))]),
        new("c", [new(G(4, 4, 1), G(2, 2, 2)), new(G(4, 4, 3), G(2, 2, 4)), new(G(4, 4, 5), G(2, 2, 6))], [new(G(5, 5, 7), G(2, 2, 8))]),
    ];

    /// <summary>Packed: every demo grid, the query input, then a canvas of max(query input, demo outputs).</summary>
    private static int PackedLength(ArcTask t, Pair query)
    {
        int rows = Math.Max(query.Input.Rows, t.Train.Max(d => d.Output!.Rows));
        int cols = Math.Max(query.Input.Cols, t.Train.Max(d => d.Output!.Cols));
        return t.Train.Sum(d => d.Input.Count + d.Output!.Count) + query.Input.Count + rows * cols;
    }

    /// <summary>Padded: every grid, canvas included, on 30×30.</summary>
    private static int PaddedLength(ArcTask t) => (2 * t.Train.Count + 2) * 900;

    private static readonly ContextLayoutBenchmark.Options Tiny = new()
    {
        Model = ContextLayoutBenchmark.SmallModel with { HiddenSize = 16, NumHeads = 1 },
        Seed = 3,
    };

    [Fact]
    public void RunsBothLayoutsAndCountsEveryTokenOncePerSequence()
    {
        var tasks = Tasks();
        var reports = new List<(int Done, int Total)>();
        var result = ContextLayoutBenchmark.Run(tasks, Tiny, (done, total) => reports.Add((done, total)));
        var (packed, padded) = (result.Packed, result.Padded);
        Assert.Equal(Enumerable.Range(1, 8).Select(i => (i, 8)), reports); // 4 batches per layout, interleaved

        double[] ownPacked = tasks.Select(t => (double)t.Test.Sum(q => PackedLength(t, q))).ToArray();   // 30, 28 + 38, 110
        double[] ownPadded = tasks.Select(t => (double)t.Test.Count * PaddedLength(t)).ToArray();         // 5400, 2·3600, 7200
        Assert.Equal([30, 66, 110], ownPacked);

        foreach (var (run, own, layout) in new[] { (packed, ownPacked, ContextLayout.Packed), (padded, ownPadded, ContextLayout.Padded) })
        {
            Assert.Equal(layout, run.Layout);
            Assert.Equal(3, run.Tasks);
            Assert.Equal(4, run.Sequences);
            // Default batching: one sequence per batch, so nothing is padded and nothing needs a mask.
            Assert.Equal(4, run.Batches);
            Assert.Equal(0, run.MaskedBatches);
            Assert.Equal((long)own.Sum(), run.SequenceTokens);
            Assert.Equal(run.SequenceTokens, run.ProcessedTokens);
            Assert.Equal(own, run.TokensPerTask);
            Assert.Equal(own.Sum() / 3, run.MeanTokensPerTask, 9);
            Assert.Equal(own.Order().ElementAt(1), run.MedianTokensPerTask);
            Assert.True(run.Seconds > 0 && run.ModelSeconds > 0 && run.ModelSeconds <= run.Seconds);
        }
        Assert.Equal(110, packed.LongestRow);
        Assert.Equal(7200, padded.LongestRow);
        Assert.Equal(19800.0 / 206, result.TokenRatio, 12);
        Assert.Equal(padded.Seconds / packed.Seconds, result.TimeRatio, 12);
        Assert.Equal(ContextLayoutBenchmark.Context(Tiny.Model, Tiny.Model.SeqLen), result.Model);
    }

    [Fact]
    public void PaddingOfABucketedBatchIsChargedToTheTasksInIt()
    {
        // No packing, a 1000-token budget: the packed sequences (110, 38, 30, 28) make one batch of 4 rows × 110 with a
        // mask; each row's padding goes to the task of its one sequence. Padded sequences (7200, 5400, 3600, 3600) are
        // over the budget, so each is a batch of its own without a mask.
        var options = Tiny with { Batching = new BatchingOptions { Pack = false, TokensPerBatch = 1000 } };
        var result = ContextLayoutBenchmark.Run(Tasks(), options);

        Assert.Equal(1, result.Packed.Batches);
        Assert.Equal(1, result.Packed.MaskedBatches);
        Assert.Equal(440, result.Packed.ProcessedTokens);
        Assert.Equal(206, result.Packed.SequenceTokens);
        Assert.Equal([110, 220, 110], result.Packed.TokensPerTask);
        Assert.Equal(440.0 / 206, result.Packed.PaddingRatio, 12);

        Assert.Equal(4, result.Padded.Batches);
        Assert.Equal(0, result.Padded.MaskedBatches);
        Assert.Equal(19800, result.Padded.ProcessedTokens);
        Assert.Equal(19800.0 / 440, result.TokenRatio, 12);
    }

    [Fact]
    public void PackedRowsKeepTheirSequencesTokensAndPaddedBatchesNeverMixLengths()
    {
        var tasks = Tasks();
        var packedSeqs = ContextLayoutBenchmark.Encode(tasks, ContextLayout.Packed);
        var paddedSeqs = ContextLayoutBenchmark.Encode(tasks, ContextLayout.Padded);

        // Everything packs into one 206-token row: a single masked batch, no padding at all.
        var packing = new BatchingOptions { Pack = true, MaxRowLength = 1000, TokensPerBatch = 1000 };
        var packedPlan = Assert.Single(ContextLayoutBenchmark.Plan(packedSeqs, ContextLayout.Packed, packing, seed: 0));
        Assert.Equal(206, packedPlan.Length);
        Assert.Equal(4, Assert.Single(packedPlan.Rows).Length);

        // An 8000-token budget takes the two 3600-token sequences together; 5400 and 7200 stay alone. Packing is ignored.
        var plans = ContextLayoutBenchmark.Plan(paddedSeqs, ContextLayout.Padded, packing with { TokensPerBatch = 8000 }, seed: 0);
        Assert.Equal([7200, 5400, 3600], plans.Select(p => p.Length));
        Assert.Equal([1, 1, 2], plans.Select(p => p.Rows.Length));
        foreach (var plan in plans)
            foreach (var row in plan.Rows)
                Assert.Equal(plan.Length, paddedSeqs[Assert.Single(row)].Length);
        Assert.Equal(Enumerable.Range(0, 4), plans.SelectMany(p => p.Rows.SelectMany(r => r)).Order());
    }

    [Fact]
    public void CommandPrintsBothLayoutsAndTheirRatios()
    {
        foreach (var t in Tasks()) TaskJsonWriter.WriteToFolder(_root, t);
        var (exit, r) = RecordingReporter.Run("bench", "context", "--data", _root, "--tasks", "2", "--hidden", "16", "--heads", "1");
        Assert.Equal(CliApp.Ok, exit);
        Assert.Empty(r.Errors);
        Assert.Contains(r.Infos, l => l.Contains("2 of 3 tasks (the first by id)", StringComparison.Ordinal));
        // Tasks a and b: 96 packed tokens, 5400 + 2·3600 padded.
        string ratio = (12600.0 / 96).ToString("0.00", CultureInfo.InvariantCulture) + "x";
        Assert.Contains(r.Rendered, l => l.Contains("tokens processed", StringComparison.Ordinal)
                                         && l.Contains(" 96 ", StringComparison.Ordinal) && l.Contains(" 12600 ", StringComparison.Ordinal)
                                         && l.Contains(ratio, StringComparison.Ordinal));
        Assert.Contains(r.Rendered, l => l.Contains("wall time per task, ms", StringComparison.Ordinal));
        Assert.Contains(r.Infos, l => l.StartsWith($"padded/packed: {ratio} tokens", StringComparison.Ordinal));
    }

    [Fact]
    public void BadOptionsAreReportedWithoutRunning()
    {
        var (exit, r) = RecordingReporter.Run("bench", "context", "--data", _root, "--pos", "rope3d");
        Assert.Equal(CliApp.BadInput, exit);
        Assert.Contains(r.Errors, l => l.Contains("--pos: unknown value 'rope3d'", StringComparison.Ordinal));

        (exit, r) = RecordingReporter.Run("bench", "context", "--data", _root, "--heads", "3");
        Assert.Equal(CliApp.BadInput, exit);
        Assert.Contains(r.Errors, l => l.Contains("multiple of num_heads 3", StringComparison.Ordinal));
    }
}
