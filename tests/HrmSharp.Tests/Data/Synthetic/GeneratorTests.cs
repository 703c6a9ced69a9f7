using HrmSharp.Data;
using HrmSharp.Data.Synthetic;
using HrmSharp.Data.Synthetic.Families.Colour;
using HrmSharp.Data.Synthetic.Families.Objects;

namespace HrmSharp.Tests.Data.Synthetic;

public class GeneratorTests
{
    private static SyntheticTaskGenerator Make(int seed, int maxSize = 12) =>
        new(FamilyCatalog.All, new SynthOptions { MaxSize = maxSize }, seed);

    [Fact]
    public void SameSeedGivesByteIdenticalJson()
    {
        var a = Make(42);
        var b = Make(42);
        for (int i = 0; i < 2 * FamilyCatalog.All.Count; i++)
            Assert.Equal(TaskJsonWriter.ToUtf8(a.Generate(i).Task), TaskJsonWriter.ToUtf8(b.Generate(i).Task));
    }

    [Fact]
    public void TaskDependsOnlyOnSeedAndIndexNotOnOrderOrThreads()
    {
        var gen = Make(7);
        var sequential = Enumerable.Range(0, 120).Select(i => TaskJsonWriter.ToUtf8(gen.Generate(i).Task)).ToArray();
        var parallel = new byte[120][];
        Parallel.For(0, 120, new ParallelOptions { MaxDegreeOfParallelism = 2 }, i => parallel[119 - i] = TaskJsonWriter.ToUtf8(Make(7).Generate(119 - i).Task));
        Assert.Equal(sequential, parallel);
    }

    [Fact]
    public void DifferentSeedsGiveDifferentTasks()
    {
        var a = Make(1);
        var b = Make(2);
        int same = Enumerable.Range(0, 100).Count(i => TaskJsonWriter.ToUtf8(a.Generate(i).Task).AsSpan().SequenceEqual(TaskJsonWriter.ToUtf8(b.Generate(i).Task)));
        Assert.Equal(0, same);
    }

    [Fact]
    public void TasksOfOneFamilyDrawDifferentRules()
    {
        // Tasks of a family must differ in their rule parameters, not just their pictures, or the demos teach nothing.
        var maps = new SyntheticTaskGenerator([FamilyCatalog.Get("colour-map")], new SynthOptions(), seed: 3);
        int distinctMaps = Enumerable.Range(0, 20)
            .Select(i => (ColourMapFamily.Params)maps.Generate(i).Params)
            .Select(p => string.Join(",", p.Domain.Select(c => $"{c}>{p.Map[c]}"))).Distinct().Count();
        Assert.True(distinctMaps >= 18, $"only {distinctMaps} distinct colour mappings in 20 tasks");

        var gravity = new SyntheticTaskGenerator([FamilyCatalog.Get("gravity")], new SynthOptions(), seed: 3);
        var directions = Enumerable.Range(0, 40).Select(i => ((GravityFamily.Params)gravity.Generate(i).Params).Direction).ToHashSet();
        Assert.Equal(4, directions.Count);
    }

    [Fact]
    public void FamiliesAreTakenRoundRobinAndIdsNameThem()
    {
        var gen = Make(0);
        for (int i = 0; i < FamilyCatalog.All.Count * 2; i++)
        {
            var family = FamilyCatalog.All[i % FamilyCatalog.All.Count];
            Assert.Same(family, gen.FamilyOf(i));
            Assert.Equal($"{family.Name}-{i:D5}", gen.IdOf(i));
        }
        Assert.Equal("gravity-123456", new SyntheticTaskGenerator([FamilyCatalog.Get("gravity")], new SynthOptions(), 0).IdOf(123456));
    }

    [Fact]
    public void TaskSeedsOfNeighbouringIndicesDiffer()
    {
        var seeds = Enumerable.Range(0, 10000).Select(i => SyntheticTaskGenerator.TaskSeed(5, i)).ToList();
        Assert.Equal(seeds.Count, seeds.Distinct().Count());
        Assert.NotEqual(SyntheticTaskGenerator.TaskSeed(5, 0), SyntheticTaskGenerator.TaskSeed(6, 0));
        Assert.All(seeds, s => Assert.True(s >= 0));
    }

    [Fact]
    public void JsonIsOrdinaryArcJson()
    {
        var task = Make(9).Generate(0).Task;
        using var doc = System.Text.Json.JsonDocument.Parse(TaskJsonWriter.ToUtf8(task));
        var root = doc.RootElement;
        Assert.Equal(["train", "test"], root.EnumerateObject().Select(p => p.Name));
        var first = root.GetProperty("train")[0];
        var rows = first.GetProperty("input").EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetInt32()).ToArray()).ToArray();
        Assert.Equal(task.Train[0].Input, HrmSharp.Data.Grid.FromRows(rows));
        Assert.Equal(task.Test.Count, root.GetProperty("test").GetArrayLength());
        Assert.True(root.GetProperty("test")[0].TryGetProperty("output", out _));
    }

    [Fact]
    public void BadOptionsAreRejected()
    {
        Assert.Throws<HrmException>(() => Make(0, maxSize: 2));
        Assert.Throws<HrmException>(() => Make(0, maxSize: 31));
        Assert.Throws<HrmException>(() => new SyntheticTaskGenerator([], new SynthOptions(), 0));
        var ex = Assert.Throws<HrmException>(() => new SyntheticTaskGenerator([FamilyCatalog.Get("scale-up")], new SynthOptions { MaxSize = 3 }, 0));
        Assert.Contains("scale-up (needs 4)", ex.Message);
    }
}
