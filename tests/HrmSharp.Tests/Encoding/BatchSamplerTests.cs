using HrmSharp.Augmentation;
using HrmSharp.Encoding;

namespace HrmSharp.Tests.Encoding;

public class BatchSamplerTests
{
    private static readonly ArcPuzzleIdDataset Arc = Build();

    private static ArcPuzzleIdDataset Build()
    {
        var (train, eval) = EncodingTestData.Split(seed: 21, training: 5, evaluation: 3);
        return ArcPuzzleIdDataset.Build(train, eval, augmentations: 6, seed: 3);
    }

    private static long ExamplesPerEpoch => Enumerable.Range(0, Arc.GroupCount).Sum(Arc.ExampleCount);

    [Fact]
    public void BatchKIsAPureFunctionOfSeedAndK()
    {
        var straight = new BatchSampler(Arc, 7, seed: 5);
        var batches = Enumerable.Range(0, 12).Select(k => straight.Batch(k)).ToArray();

        // A "resumed" sampler asked out of order, or for one late batch first, gives the same batches.
        var resumed = new BatchSampler(Arc, 7, seed: 5);
        foreach (int k in new[] { 9, 3, 11, 0, 9 })
        {
            var b = resumed.Batch(k);
            Assert.Equal(batches[k].Inputs, b.Inputs);
            Assert.Equal(batches[k].Labels, b.Labels);
            Assert.Equal(batches[k].PuzzleIdentifiers, b.PuzzleIdentifiers);
        }
        Assert.Equal(batches[10].Inputs, new BatchSampler(Arc, 7, seed: 5).Batch(10).Inputs);
        Assert.NotEqual(batches[0].Inputs, new BatchSampler(Arc, 7, seed: 6).Batch(0).Inputs);
    }

    [Fact]
    public void EachEpochTakesEveryGroupOnceWithOneVariantAndAllItsExamples()
    {
        var sampler = new BatchSampler(Arc, 16, seed: 1);
        Assert.Equal(ExamplesPerEpoch, sampler.ExamplesPerEpoch);
        var variantsSeen = new HashSet<(int, int)>();
        for (int epoch = 0; epoch < 40; epoch++)
        {
            var plan = sampler.EpochPlan(epoch);
            Assert.Equal(ExamplesPerEpoch, plan.Count);
            var byGroup = plan.GroupBy(e => e.Group).ToArray();
            Assert.Equal(Arc.GroupCount, byGroup.Length);
            foreach (var g in byGroup)
            {
                // Contiguous, one variant, every example once, exactly one left untranslated.
                Assert.Equal(g.Count(), plan.ToList().FindLastIndex(e => e.Group == g.Key) - plan.ToList().FindIndex(e => e.Group == g.Key) + 1);
                Assert.Single(g.Select(e => e.Variant).Distinct());
                Assert.Equal(Enumerable.Range(0, Arc.ExampleCount(g.Key)), g.Select(e => e.Example).Order());
                // One example is left at the top-left by rule; a random offset can also land on (0, 0), rarely.
                Assert.InRange(g.Count(e => e.Translation == Translation.None), 1, 2);
                foreach (var e in g)
                {
                    var info = Arc.Describe(e);
                    var task = Arc.GroupTask(e.Group);
                    var pair = info.Augmentation.Apply(info.IsTestPair ? task.Test[info.PairIndex] : task.Train[info.PairIndex]);
                    Assert.True(e.Translation.Fits(pair.Input.Rows, pair.Input.Cols, 30, 30) && e.Translation.Fits(pair.Output!.Rows, pair.Output.Cols, 30, 30));
                }
                variantsSeen.Add((g.Key, g.First().Variant));
            }
        }
        // Over 40 epochs the random variant choice reaches most of the 7 versions of each group.
        Assert.True(variantsSeen.Count > Arc.GroupCount * 5, $"only {variantsSeen.Count} (group, variant) pairs drawn");
        Assert.NotEqual(sampler.EpochPlan(0).Select(e => e.Group), sampler.EpochPlan(1).Select(e => e.Group));
    }

    [Fact]
    public void BatchesAreEpochsLaidEndToEnd()
    {
        const int b = 10;
        var sampler = new BatchSampler(Arc, b, seed: 2);
        long perEpoch = sampler.ExamplesPerEpoch;
        var inputs = new int[900];
        var labels = new int[900];
        foreach (long step in new long[] { 0, 1, perEpoch / b, perEpoch / b + 1, 3 * perEpoch / b + 2, 1000 })
        {
            var batch = sampler.Batch(step);
            Assert.Equal(((int)(step * b / perEpoch), (int)(step * b % perEpoch)), sampler.Position(step));
            Assert.Equal(step * b, batch.First);
            for (int i = 0; i < b; i++)
            {
                long pos = step * b + i;
                var ex = sampler.EpochPlan((int)(pos / perEpoch))[(int)(pos % perEpoch)];
                Assert.Equal(ex, sampler.ExampleAt(pos));
                Arc.EncodeTraining(ex, inputs, labels);
                Assert.Equal(inputs, batch.InputRow(i).ToArray());
                Assert.Equal(labels, batch.LabelRow(i).ToArray());
                Assert.Equal(Arc.PuzzleId(ex.Group, ex.Variant), batch.PuzzleIdentifiers[i]);
            }
        }
    }

    [Fact]
    public void BatchesLargerThanAnEpochWork()
    {
        var sampler = new BatchSampler(Arc, (int)ExamplesPerEpoch * 2 + 3, seed: 0);
        var batch = sampler.Batch(1);
        Assert.Equal(sampler.BatchSize, batch.ValidCount);
        Assert.DoesNotContain(0, batch.PuzzleIdentifiers);
        Assert.Equal(2.0 * sampler.BatchSize / ExamplesPerEpoch, sampler.Epochs(2), 12);
    }

    [Fact]
    public void BadArgumentsAreRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new BatchSampler(Arc, 0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BatchSampler(Arc, 4, 0).Batch(-1));
        Assert.Throws<ArgumentException>(() => new BatchSampler(Arc, 4, 0).Fill(0, new int[900 * 4], new int[900 * 3], new int[4]));
        var empty = new SudokuPuzzleIdDataset([], [], 0, 0);
        Assert.Contains("training set is empty", Assert.Throws<HrmException>(() => new BatchSampler(empty, 4, 0)).Message);
    }

    [Fact]
    public void EvaluationBatchesCoverEveryExampleOnceAndPadTheLast()
    {
        int n = Arc.EvaluationCount;
        const int b = 8;
        int count = EvaluationBatcher.BatchCount(Arc, b);
        Assert.Equal((n + b - 1) / b, count);
        var inputs = new int[900];
        var labels = new int[900];
        int seen = 0;
        for (int k = 0; k < count; k++)
        {
            var batch = EvaluationBatcher.Batch(Arc, b, k);
            Assert.Equal(k * b, batch.First);
            for (int i = 0; i < b; i++)
            {
                if (i < batch.ValidCount)
                {
                    Arc.EncodeEvaluation(k * b + i, inputs, labels);
                    Assert.Equal(inputs, batch.InputRow(i).ToArray());
                    Assert.Equal(labels, batch.LabelRow(i).ToArray());
                    Assert.Equal(Arc.Evaluation[k * b + i].PuzzleId, batch.PuzzleIdentifiers[i]);
                    seen++;
                }
                else
                {
                    Assert.All(batch.InputRow(i).ToArray(), t => Assert.Equal(0, t));
                    Assert.All(batch.LabelRow(i).ToArray(), t => Assert.Equal(-100, t));
                    Assert.Equal(0, batch.PuzzleIdentifiers[i]);
                }
            }
        }
        Assert.Equal(n, seen);
        Assert.Throws<ArgumentOutOfRangeException>(() => EvaluationBatcher.Batch(Arc, b, count));
    }
}
