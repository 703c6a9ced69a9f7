using HrmSharp.Augmentation;
using HrmSharp.Data;
using HrmSharp.Tests.Data;

namespace HrmSharp.Tests.Augmentation;

public class AugmentationSamplerTests
{
    [Fact]
    public void IdentityFirstAllDistinctAndDeterministic()
    {
        var task = TestTasks.RandomTask(new Random(14), "abc");

        var first = AugmentationSampler.Sample(task, 100, seed: 42);
        var again = AugmentationSampler.Sample(task, 100, seed: 42);
        var other = AugmentationSampler.Sample(task, 100, seed: 43);

        Assert.Equal(100, first.Count);
        Assert.True(first[0].IsIdentity);
        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
        Assert.Equal(100, first.Select(a => AugmentationSampler.ContentKey(a.Apply(task))).Distinct().Count());
        Assert.All(first, a => Assert.Equal(0, a.Colours[0]));
    }

    [Fact]
    public void DependsOnTheTaskIdToo()
    {
        var task = TestTasks.RandomTask(new Random(15), "abc");
        var renamed = task with { Id = "abd" };
        Assert.NotEqual(AugmentationSampler.Sample(task, 10, 1), AugmentationSampler.Sample(renamed, 10, 1));
    }

    [Fact]
    public void SymmetricTasksYieldOnlyTheirDistinctVersions()
    {
        // Every grid is symmetric under all 8 transforms and uses colours 0 and 1: with 0 fixed, the only distinct
        // versions are the 9 images of colour 1.
        var g = Grid.Parse("000|010|000");
        var task = new ArcTask("sym", [new Pair(g, g), new Pair(g, g)], [new Pair(g, g)]);

        var augs = AugmentationSampler.Sample(task, 50, seed: 0);

        Assert.Equal(9, augs.Count);
        Assert.Equal(Enumerable.Range(1, 9), augs.Select(a => a.Colours[1]).Order());
        Assert.Single(AugmentationSampler.Sample(new ArcTask("z", [new Pair(Grid.Filled(2, 2, 0), Grid.Filled(2, 2, 0))], []), 10, 0));
    }

    [Fact]
    public void TaskSeedIsStableAcrossRuns()
    {
        // Values computed independently (FNV-1a over the id, the seed mixed in, splitmix64 finaliser) in Python:
        // string.GetHashCode would change from run to run, this must not.
        Assert.Equal(1657516608, AugmentationSampler.TaskSeed(0, "007bbfb7"));
        Assert.Equal(1713097995, AugmentationSampler.TaskSeed(-1, "abc"));
        Assert.NotEqual(AugmentationSampler.TaskSeed(0, "007bbfb7"), AugmentationSampler.TaskSeed(1, "007bbfb7"));
    }
}
