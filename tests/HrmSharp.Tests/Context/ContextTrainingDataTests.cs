using HrmSharp.Data;
using HrmSharp.Training.Context;

namespace HrmSharp.Tests.Context;

public sealed class ContextTrainingDataTests
{
    private static List<ArcTask> Tasks(int n, int seed)
    {
        var rng = new Random(seed);
        Grid G() => Grid.Create(rng.Next(1, 7), rng.Next(1, 7), (_, _) => rng.Next(10));
        return Enumerable.Range(0, n).Select(i => new ArcTask($"t{i}", Enumerable.Range(0, rng.Next(2, 5)).Select(_ => new Pair(G(), G())).ToList(), [new Pair(G(), G())])).ToList();
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
    public void GeneratedBatchesHoldOneSequencePerTaskAndEveryFamilyLeadsBatches()
    {
        var families = HrmSharp.Data.Synthetic.FamilyCatalog.All.Where(f => f.MinSize <= 8).Take(10).ToList();
        var data = new ContextTrainingData([], new ContextDataOptions { Seed = 4, TokensPerBatch = 8192, SyntheticRatio = 1, SyntheticFamilies = families, SyntheticMaxSize = 8 });
        var leaders = new HashSet<string>();
        for (long e = 0; e < 40; e++)
        {
            var ids = data.Batch(e).Segments.Select(s => s.Sequence.TaskId).ToList();
            Assert.Equal(ids.Count, ids.Distinct().Count()); // many independent tasks, not the views of one or two
            Assert.True(ids.Count >= 4, $"episode {e}: only {ids.Count} tasks");
            leaders.Add(HrmSharp.Evaluation.FamilyBreakdown.FamilyOf(ids[0])!.Name);
        }
        Assert.Equal(families.Count, leaders.Count);
    }
}
