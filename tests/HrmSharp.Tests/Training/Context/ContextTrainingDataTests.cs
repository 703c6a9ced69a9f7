using HrmSharp.Data;
using HrmSharp.Training.Context;

namespace HrmSharp.Tests.Training.Context;

public sealed class ContextTrainingDataTests
{
    private static List<ArcTask> Tasks(int n, int seed)
    {
        var rng = new Random(seed);
        Grid G() => Grid.Create(rng.Next(1, 7), rng.Next(1, 7), (_, _) => rng.Next(10));
        return Enumerable.Range(0, n).Select(i => new ArcTask($"t{i}", Enumerable.Range(0, rng.Next(2, 5)).Select(_ => new Pair(G(), G())).ToList(),
            [new Pair(G(), G())])).ToList();
    }

    [Fact]
    public void BatchesArePureFunctionsOfTheEpisode()
    {
        var tasks = Tasks(12, 1);
        var a = new ContextTrainingData(tasks, new ContextDataOptions { Seed = 5, TokensPerBatch = 600, SyntheticRatio = 0.3 });
        var b = new ContextTrainingData(tasks, new ContextDataOptions { Seed = 5, TokensPerBatch = 600, SyntheticRatio = 0.3 });
        foreach (long e in new long[] { 7, 0, 3, 7, 20 }) // out of order, repeated: a resumed run asks like this
            Assert.Equal(a.Batch(e).Tokens, b.Batch(e).Tokens);
        var other = new ContextTrainingData(tasks, new ContextDataOptions { Seed = 6, TokensPerBatch = 600, SyntheticRatio = 0.3 });
        Assert.NotEqual(a.Batch(3).Tokens, other.Batch(3).Tokens);
    }

    [Fact]
    public void AnEpochOfRealTasksHoldsEveryLeaveOneOutSequenceOnceAndRowsHoldOneSequence()
    {
        var tasks = Tasks(10, 2);
        var data = new ContextTrainingData(tasks, new ContextDataOptions { Seed = 1, TokensPerBatch = 500 });
        int expected = tasks.Sum(t => t.Train.Count + t.Test.Count); // each demo and each answered test is a query once
        Assert.Equal(expected, data.Sequences);
        int seen = 0, budgetOverflows = 0;
        for (long e = 0; seen < expected; e++)
        {
            var batch = data.Batch(e);
            Assert.Equal(batch.Rows, batch.Segments.Count);
            if ((long)batch.Rows * batch.Length > 500 && batch.Rows > 1) budgetOverflows++;
            seen += batch.Segments.Count;
        }
        Assert.Equal(expected, seen);
        Assert.Equal(0, budgetOverflows);
    }

    [Fact]
    public void SyntheticRatioSetsTheShareOfGeneratedBatches()
    {
        var tasks = Tasks(4, 3);
        var data = new ContextTrainingData(tasks, new ContextDataOptions { Seed = 2, TokensPerBatch = 2000, SyntheticRatio = 0.5 });
        int synthetic = Enumerable.Range(0, 200).Count(e => data.Batch(e).Segments[0].Sequence.TaskId.Contains('-'));
        Assert.InRange(synthetic, 70, 130);
        Assert.Throws<HrmException>(() => new ContextTrainingData(tasks, new ContextDataOptions { SyntheticRatio = 1.5 }));
    }

    [Fact]
    public void GeneratedBatchesAreManyTasksOfEveryFamilyWithLittlePaddingAndRepeatWhenAskedAgain()
    {
        var families = HrmSharp.Data.Synthetic.FamilyCatalog.All.Where(f => f.MinSize <= 8).Take(10).ToList();
        var options = new ContextDataOptions { Seed = 4, TokensPerBatch = 8192, SyntheticRatio = 1, SyntheticFamilies = families, SyntheticMaxSize = 8 };
        var data = new ContextTrainingData([], options);
        var perFamily = new Dictionary<string, int>();
        var allIds = new HashSet<string>();
        long real = 0, padded = 0;
        for (long e = 0; e < 24; e++)
        {
            var batch = data.Batch(e);
            var ids = batch.Segments.Select(s => s.Sequence.TaskId).ToList();
            Assert.Equal(ids.Count, ids.Distinct().Count()); // many independent tasks, not the views of one or two
            Assert.True(ids.Count >= 4, $"episode {e}: only {ids.Count} tasks");
            Assert.True((long)batch.Rows * batch.Length <= 8192, $"episode {e}: {batch.Rows} x {batch.Length} tokens is over the budget");
            foreach (var id in ids)
            {
                Assert.True(allIds.Add(id), $"task {id} in two batches");
                var family = HrmSharp.Evaluation.FamilyBreakdown.FamilyOf(id)!.Name;
                perFamily[family] = perFamily.GetValueOrDefault(family) + 1;
            }
            real += batch.Segments.Sum(s => s.Length);
            padded += (long)batch.Rows * batch.Length;
        }
        // Family-balanced: generation is round-robin over families and bucketing keeps every generated task.
        Assert.Equal(families.Count, perFamily.Count);
        Assert.True(perFamily.Values.Max() <= perFamily.Values.Min() + 2, string.Join(", ", perFamily.Select(kv => $"{kv.Key} {kv.Value}")));
        // Bucketed by length: little of each step is padding (taking tasks in order padded to the longest spent ~half).
        Assert.True(real >= 0.85 * padded, $"real tokens {real} of {padded}");

        // A resumed run asks out of order: the same batch again, from a fresh instance too.
        var again = new ContextTrainingData([], options);
        foreach (long e in new long[] { 17, 3, 17, 0 })
            Assert.Equal(data.Batch(e).Tokens, again.Batch(e).Tokens);
    }
}
