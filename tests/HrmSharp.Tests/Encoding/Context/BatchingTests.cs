using HrmSharp.Tests.Modeling.Oracle;
using HrmSharp.Encoding.Context;
using HrmSharp.Tests.Data;
using static TorchSharp.torch;

namespace HrmSharp.Tests.Encoding.Context;

public class BatchingTests
{
    private static List<ContextSequence> RandomSequences(int seed, int tasks)
    {
        var rng = new Random(seed);
        var encoder = new ContextEncoder();
        return Enumerable.Range(0, tasks).SelectMany(t => encoder.LeaveOneOut(TestTasks.RandomTask(rng, $"b{t}"), includeTests: true)).ToList();
    }

    private static int[] Lengths(IEnumerable<ContextSequence> s) => s.Select(x => x.Length).ToArray();

    [Fact]
    public void PlansPlaceEverySequenceOnceWithinRowAndBatchBudgets()
    {
        var rng = new Random(31);
        var lengths = Enumerable.Range(0, 400).Select(_ => rng.NextDouble() < 0.1 ? rng.Next(600, 1500) : rng.Next(20, 300)).ToArray();
        foreach (bool pack in new[] { true, false })
        {
            var options = new BatchingOptions { Pack = pack, MaxRowLength = 700, TokensPerBatch = 2048, LengthMultiple = 8 };
            var plans = BatchPlanner.Plan(lengths, options, seed: 5);
            Assert.Equal(Enumerable.Range(0, lengths.Length), plans.SelectMany(p => p.Rows.SelectMany(r => r)).Order());
            foreach (var plan in plans)
            {
                Assert.Equal(0, plan.Length % 8);
                Assert.True(plan.Rows.Length == 1 || plan.Tokens <= options.TokensPerBatch);
                foreach (var row in plan.Rows)
                {
                    int used = row.Sum(i => lengths[i]);
                    Assert.True(used <= plan.Length);
                    Assert.True(pack ? row.Length == 1 || used <= options.MaxRowLength : row.Length == 1);
                }
                // Bucketing: a batch's rows are no longer than it and its longest row sets its length.
                Assert.Equal(plan.Length, (plan.Rows.Max(r => r.Sum(i => lengths[i])) + 7) / 8 * 8);
            }
        }
    }

    [Fact]
    public void PlansAreDeterministicForASeed()
    {
        var rng = new Random(32);
        var lengths = Enumerable.Range(0, 300).Select(_ => rng.Next(10, 500)).ToArray();
        var options = new BatchingOptions { MaxRowLength = 1024, TokensPerBatch = 4096 };
        string Show(IReadOnlyList<BatchPlan> plans) => string.Join(";", plans.Select(p => $"{p.Length}:" + string.Join("/", p.Rows.Select(r => string.Join(",", r)))));
        Assert.Equal(Show(BatchPlanner.Plan(lengths, options, 7)), Show(BatchPlanner.Plan(lengths, options, 7)));
        Assert.NotEqual(Show(BatchPlanner.Plan(lengths, options, 7)), Show(BatchPlanner.Plan(lengths, options, 8)));
    }

    [Fact]
    public void PackingKeepsFewPaddingTokensOnManyShortSequences()
    {
        var rng = new Random(33);
        var lengths = Enumerable.Range(0, 2000).Select(_ => rng.Next(50, 400)).ToArray();
        var packed = BatchCost.Of(BatchPlanner.Plan(lengths, new BatchingOptions { MaxRowLength = 1024, TokensPerBatch = 8192 }, 1), lengths);
        var bucketed = BatchCost.Of(BatchPlanner.Plan(lengths, new BatchingOptions { Pack = false, TokensPerBatch = 8192 }, 1), lengths);
        Assert.Equal(2000, packed.Sequences);
        Assert.True(packed.TokenRatio < 1.02, $"packed ratio {packed.TokenRatio}");
        Assert.True(bucketed.TokenRatio < 1.05, $"bucketed ratio {bucketed.TokenRatio}");
        Assert.Equal(1.0, bucketed.AttentionRatio, 1); // one sequence per row: attention scores close to their own
    }

    [Fact]
    public void BatchPreservesEveryTokenAndFeatureOfEverySequence()
    {
        var sequences = RandomSequences(34, 20);
        var lengths = Lengths(sequences);
        var plans = BatchPlanner.Plan(lengths, new BatchingOptions { MaxRowLength = 400, TokensPerBatch = 1600 }, 3);
        int seen = 0;
        foreach (var plan in plans)
        {
            var batch = ContextBatch.Build(sequences, plan);
            Assert.Equal(plan.Rows.Sum(r => r.Length), batch.Segments.Count);
            var covered = new bool[batch.Rows * batch.Length];
            for (int s = 0; s < batch.Segments.Count; s++)
            {
                var seg = batch.Segments[s];
                var seq = seg.Sequence;
                Assert.Same(sequences[plan.Rows[seg.Row][Array.IndexOf(plan.Rows[seg.Row].Select(i => sequences[i]).ToArray(), seq)]], seq);
                for (int i = 0; i < seq.Length; i++)
                {
                    int at = seg.Row * batch.Length + seg.Start + i;
                    covered[at] = true;
                    Assert.Equal((seq.Tokens[i], seq.Labels[i], s, i), (batch.Tokens[at], batch.Labels[at], batch.SegmentIds[at], batch.SequencePosition[at]));
                    Assert.Equal((seq.GridIndex[i], seq.Role[i], seq.Row[i], seq.Col[i]), (batch.GridIndex[at], batch.Role[at], batch.Row[at], batch.Col[at]));
                    Assert.Equal((seq.GridRows[i] - 1 - seq.Row[i], seq.GridCols[i] - 1 - seq.Col[i]), (batch.ToBottom[at], batch.ToRight[at]));
                    Assert.Equal((seq.GridRows[i] - 1, seq.GridCols[i] - 1), (batch.GridHeight[at], batch.GridWidth[at]));
                }
                Assert.Equal(seq.Tokens, batch.SegmentTokens(batch.Tokens, s).ToArray());
                Assert.Equal(seq.Canvas.Start + seg.Start, seg.CanvasStart);
                seen++;
            }
            for (int at = 0; at < covered.Length; at++)
                if (!covered[at])
                    Assert.Equal((ContextVocabulary.Pad, ContextVocabulary.IgnoreLabel, -1), (batch.Tokens[at], batch.Labels[at], batch.SegmentIds[at]));
        }
        Assert.Equal(sequences.Count, seen);
    }

    [Fact]
    public void EveryPositionIdIsInItsRange()
    {
        var sequences = RandomSequences(35, 30);
        sequences.AddRange(new ContextEncoder(new ContextEncoderOptions { Layout = ContextLayout.Padded }).EncodeTests(TestTasks.RandomTask(new Random(1), "p")));
        var batch = ContextBatch.Build(sequences, BatchPlanner.Plan(Lengths(sequences), new BatchingOptions { Pack = false, TokensPerBatch = int.MaxValue }, 0).Single());
        Assert.All(batch.Tokens, t => Assert.InRange(t, 0, ContextVocabulary.Size - 1));
        Assert.All(batch.GridIndex, t => Assert.InRange(t, 0, ContextLimits.MaxGrids - 1));
        Assert.All(batch.Role, t => Assert.InRange(t, 0, ContextLimits.Roles - 1));
        Assert.All(batch.SequencePosition, t => Assert.InRange(t, 0, ContextLimits.MaxSequenceLength - 1));
        var features = batch.AbsoluteIds(AbsoluteFeatures.All);
        Assert.Equal(["row", "col", "to_bottom", "to_right", "height", "width"], features.Select(f => f.Name));
        foreach (var f in features) Assert.All(f.Ids, id => Assert.InRange(id, 0, f.Count - 1));
        Assert.Equal(["to_bottom", "to_right"], batch.AbsoluteIds(AbsoluteFeatures.EdgeDistance).Select(f => f.Name));
        Assert.Empty(batch.AbsoluteIds(AbsoluteFeatures.None));
        // The padded sequence's cells past a grid's edge clamp to 0.
        Assert.Contains(0, batch.ToBottom);
    }

    [Fact]
    public void MaskIsBlockDiagonalOverSegmentsAndPaddingAttendsOnlyToItself()
    {
        var sequences = RandomSequences(36, 6);
        var plan = BatchPlanner.Plan(Lengths(sequences), new BatchingOptions { MaxRowLength = 500, TokensPerBatch = 1500 }, 2)
            .First(p => p.Rows.Any(r => r.Length > 1));
        var batch = ContextBatch.Build(sequences, plan);
        Assert.True(batch.NeedsMask);
        using var mask = batch.Mask();
        Assert.Equal([batch.Rows, batch.Length, batch.Length], mask.shape);
        var m = mask.data<bool>().ToArray();

        // Expected from the segment table alone: which (row, column) each sequence occupies.
        var owner = Enumerable.Repeat(-1, batch.Rows * batch.Length).ToArray();
        for (int s = 0; s < batch.Segments.Count; s++)
            for (int i = 0; i < batch.Segments[s].Length; i++)
                owner[batch.Segments[s].Row * batch.Length + batch.Segments[s].Start + i] = s;
        for (int b = 0; b < batch.Rows; b++)
            for (int i = 0; i < batch.Length; i++)
                for (int j = 0; j < batch.Length; j++)
                {
                    int oi = owner[b * batch.Length + i], oj = owner[b * batch.Length + j];
                    bool expected = i == j || (oi >= 0 && oi == oj);
                    Assert.Equal(expected, m[((long)b * batch.Length + i) * batch.Length + j]);
                }
    }

    [Fact]
    public void PackedAttentionEqualsAttentionOverEachSequenceAlone()
    {
        var sequences = RandomSequences(37, 4);
        var plan = BatchPlanner.Plan(Lengths(sequences), new BatchingOptions { MaxRowLength = 600, TokensPerBatch = 1800 }, 4)
            .First(p => p.Rows.Any(r => r.Length > 1) && p.Rows.Any(r => r.Sum(i => sequences[i].Length) < p.Length));
        var batch = ContextBatch.Build(sequences, plan);
        using var scope = NewDisposeScope();
        var gen = manual_seed(1);
        const int heads = 2, dim = 8;
        var q = randn([batch.Rows, heads, batch.Length, dim], generator: gen);
        var k = randn([batch.Rows, heads, batch.Length, dim], generator: gen);
        var v = randn([batch.Rows, heads, batch.Length, dim], generator: gen);
        var mask = batch.Mask().unsqueeze(1); // [B, 1, L, L]
        var packed = nn.functional.scaled_dot_product_attention(q, k, v, mask);
        // A written-out softmax attention must not see an all-false row either (it would give NaN).
        var manual = (matmul(q, k.transpose(-1, -2)) / Math.Sqrt(dim)).masked_fill(mask.logical_not(), double.NegativeInfinity).softmax(-1);
        Assert.False(manual.isnan().any().item<bool>());
        Assert.True(matmul(manual, v).allclose(packed, rtol: 1e-4, atol: 1e-5));
        foreach (var seg in batch.Segments)
        {
            var range = TensorIndex.Slice(seg.Start, seg.Start + seg.Length);
            var rowIdx = TensorIndex.Single(seg.Row);
            var all = TensorIndex.Colon;
            var alone = nn.functional.scaled_dot_product_attention(q[rowIdx, all, range], k[rowIdx, all, range], v[rowIdx, all, range]);
            Assert.True(alone.allclose(packed[rowIdx, all, range], rtol: 1e-4, atol: 1e-5), $"segment at row {seg.Row}, {seg.Start}");
        }
    }

    [Fact]
    public void SingleFullSequencesNeedNoMask()
    {
        var sequences = RandomSequences(38, 3).Take(1).ToList();
        var batch = ContextBatch.Build(sequences, new BatchPlan([[0]], sequences[0].Length));
        Assert.False(batch.NeedsMask);
        var ex = Assert.Throws<ArgumentException>(() => ContextBatch.Build(sequences, new BatchPlan([[0]], sequences[0].Length - 1)));
        Assert.StartsWith($"row 0 holds {sequences[0].Length}+ tokens but the batch length is {sequences[0].Length - 1}", ex.Message);
    }

    [Fact]
    public void RotaryTablesFollowEachSequenceInsideAPackedRow()
    {
        var sequences = RandomSequences(39, 4);
        var plan = BatchPlanner.Plan(Lengths(sequences), new BatchingOptions { MaxRowLength = 600, TokensPerBatch = 1800 }, 4).First();
        var batch = ContextBatch.Build(sequences, plan);
        const int d = 16;
        var (cos1, sin1) = ContextRotary.Tables(batch, PositionScheme.Rope1D, d);
        var (cos2, _) = ContextRotary.Tables(batch, PositionScheme.Rope2D, d);
        Assert.Equal([batch.Rows, batch.Length, d], cos1!.shape);
        Assert.Equal([batch.Rows, batch.Length, d], sin1!.shape);
        Assert.Equal([batch.Rows, batch.Length, d], cos2!.shape);
        Assert.Equal((null, null), ContextRotary.Tables(batch, PositionScheme.Learned, d));
        foreach (var seg in batch.Segments)
        {
            // rope1d restarts at 0 for each sequence: the tables equal those of the sequence alone.
            var (alone, _) = Rope1D.Tables(Enumerable.Range(0, seg.Length).ToArray(), d);
            Assert.True(alone.eq(cos1[seg.Row, TensorIndex.Slice(seg.Start, seg.Start + seg.Length)]).all().item<bool>());
            var (alone2, _) = Rope2D.Tables(seg.Sequence.Row, seg.Sequence.Col, d);
            Assert.True(alone2.eq(cos2[seg.Row, TensorIndex.Slice(seg.Start, seg.Start + seg.Length)]).all().item<bool>());
        }
        var ids = batch.ToTensor(batch.Tokens);
        Assert.Equal(ScalarType.Int64, ids.dtype);
        Assert.Equal([batch.Rows, batch.Length], ids.shape);
    }
}
