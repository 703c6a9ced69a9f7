using HrmSharp.Augmentation;
using HrmSharp.Data;
using HrmSharp.Tests.Data;

namespace HrmSharp.Tests.Augmentation;

public class TaskAugmentationTests
{
    /// <summary>A task whose rule is "apply <paramref name="rule"/> to the input, then recolour 1 to 2".</summary>
    private static ArcTask RuleTask(Random rng, Dihedral rule)
    {
        Pair Make()
        {
            var input = TestTasks.RandomGrid(rng, 7);
            return new Pair(input, Recolour(rule.Apply(input), 1, 2));
        }
        return new ArcTask("rule", [Make(), Make(), Make()], [Make(), Make()]);
    }

    private static Grid Recolour(Grid g, int from, int to) => Grid.Create(g.Rows, g.Cols, (r, c) => g[r, c] == from ? to : g[r, c]);

    [Fact]
    public void EveryPairOfATaskKeepsOneConsistentRule()
    {
        var rng = new Random(10);
        foreach (var rule in Dihedral.All)
            foreach (var d in Dihedral.All)
            {
                var task = RuleTask(rng, rule);
                var aug = new TaskAugmentation(d, ColourPermutation.Random(rng));
                var augmented = aug.Apply(task);
                // In the augmented frame the rule is d⁻¹ then rule then d, and the recolouring is p(1) → p(2).
                var conjugate = d.Inverse.Compose(rule).Compose(d);
                foreach (var pair in augmented.Train.Concat(augmented.Test))
                    Assert.Equal(Recolour(conjugate.Apply(pair.Input), aug.Colours[1], aug.Colours[2]), pair.Output);
                // And each augmented grid is the augmentation of the original grid at the same place.
                foreach (var (orig, aPair) in task.Train.Concat(task.Test).Zip(augmented.Train.Concat(augmented.Test)))
                {
                    Assert.Equal(aug.Apply(orig.Input), aPair.Input);
                    Assert.Equal(orig.Output, aug.Invert(aPair.Output!));
                }
                Assert.Equal(task.Id, augmented.Id);
            }
    }

    [Fact]
    public void UnknownTestOutputsStayUnknown()
    {
        var task = TestTasks.RandomTask(new Random(11), "t", testOutputs: false);
        var augmented = new TaskAugmentation(Dihedral.Rot90, ColourPermutation.Parse("0987654321")).Apply(task);
        Assert.All(augmented.Test, p => Assert.Null(p.Output));
    }

    [Fact]
    public void TextFormRoundTrips()
    {
        var rng = new Random(12);
        Assert.Equal("d0.c0123456789", TaskAugmentation.Identity.ToString());
        Assert.Equal(new TaskAugmentation(Dihedral.Rot270, ColourPermutation.Parse("0712345896")), TaskAugmentation.Parse("d3.c0712345896"));
        foreach (var d in Dihedral.All)
            for (int i = 0; i < 10; i++)
            {
                var aug = new TaskAugmentation(d, ColourPermutation.Random(rng, i % 2 == 0));
                Assert.Equal(aug, TaskAugmentation.Parse(aug.ToString()));
            }
        foreach (string bad in new[] { "d8.c0123456789", "d1.c0123456788", "d1.c012345678", "x", "d1c0123456789", "" })
        {
            Assert.False(TaskAugmentation.TryParse(bad, out _), bad);
            Assert.Throws<HrmException>(() => TaskAugmentation.Parse(bad));
        }
    }

    [Fact]
    public void ComposeAndInverseActOnGrids()
    {
        var rng = new Random(13);
        for (int i = 0; i < 50; i++)
        {
            var a = new TaskAugmentation(new Dihedral(rng.Next(8)), ColourPermutation.Random(rng));
            var b = new TaskAugmentation(new Dihedral(rng.Next(8)), ColourPermutation.Random(rng, true));
            var g = TestTasks.RandomGrid(rng);
            Assert.Equal(b.Apply(a.Apply(g)), a.Compose(b).Apply(g));
            Assert.Equal(g, a.Inverse.Apply(a.Apply(g)));
            Assert.True(a.Compose(a.Inverse).IsIdentity);
        }
    }
}
