using HrmSharp.Data;
using HrmSharp.Data.Synthetic;

namespace HrmSharp.Tests.Data.Synthetic;

/// <summary>Every family, many draws: each pair obeys the rule, the checks are tight, tasks are well formed.</summary>
public class FamilyRuleTests
{
    public static TheoryData<string> Families => new(FamilyCatalog.Names);

    [Theory]
    [MemberData(nameof(Families))]
    public void EveryPairObeysItsRuleAtTheDefaultSize(string name) => AssertSound(FamilyCatalog.Get(name), maxSize: 12, tasks: 200);

    [Theory]
    [MemberData(nameof(Families))]
    public void TheSmallestAndLargestSizesWork(string name)
    {
        var family = FamilyCatalog.Get(name);
        AssertSound(family, family.MinSize, tasks: 25);
        AssertSound(family, Grid.MaxSide, tasks: 25);
    }

    private static void AssertSound(TaskFamily family, int maxSize, int tasks)
    {
        var generator = new SyntheticTaskGenerator([family], new SynthOptions { MaxSize = maxSize }, seed: 20240 + maxSize);
        var mutations = new Random(maxSize);
        for (int i = 0; i < tasks; i++)
        {
            var generated = generator.Generate(i);
            var task = generated.Task;
            string where = $"{family.Name} task {i} at max size {maxSize} ({generated.Params})";
            Assert.Equal($"{family.Name}-{i:D5}", task.Id);
            Assert.InRange(task.Train.Count, 2, 5);
            Assert.InRange(task.Test.Count, 1, 2);

            var pairs = task.Train.Concat(task.Test).ToList();
            // Distinct inputs: no repeated demo, and no test input that is a demo input.
            Assert.True(pairs.Select(p => p.Input).Distinct().Count() == pairs.Count, $"repeated input in {where}");
            Assert.False(task.Train.All(p => p.Output == task.Train[0].Output), $"all demo outputs equal in {where}");

            foreach (var pair in pairs)
            {
                Assert.NotNull(pair.Output);
                foreach (var g in new[] { pair.Input, pair.Output! })
                {
                    Assert.InRange(g.Rows, 1, maxSize);
                    Assert.InRange(g.Cols, 1, maxSize);
                    Assert.True(g.Cells.ToArray().All(v => v < Grid.Colours));
                }
                Assert.True(pair.Input != pair.Output, $"unchanged grid in {where}: {pair.Input}");
                Assert.True(family.Check(pair, generated.Params), $"check failed in {where}: {pair.Input} -> {pair.Output}");
                Assert.Equal(pair.Output, family.Apply(pair.Input, generated.Params));
                AssertCheckIsTight(family, generated.Params, pair, mutations, where);
            }
        }
    }

    /// <summary>A check that passes a wrong answer proves nothing: one changed cell, or a wrong shape, must fail it.</summary>
    private static void AssertCheckIsTight(TaskFamily family, FamilyParams p, Pair pair, Random rng, string where)
    {
        var output = pair.Output!;
        for (int m = 0; m < 2; m++)
        {
            var cells = output.Cells.ToArray();
            int i = rng.Next(cells.Length);
            cells[i] = (byte)((cells[i] + 1 + rng.Next(Grid.Colours - 1)) % Grid.Colours);
            var wrong = Grid.Create(output.Rows, output.Cols, cells);
            Assert.False(family.Check(new Pair(pair.Input, wrong), p), $"check passed a one-cell change at {i} in {where}: {wrong}");
        }
        var reshaped = output.Rows > 1 ? Grid.Create(output.Rows - 1, output.Cols, output.Cells[..^output.Cols])
            : output.Cols > 1 ? Grid.Create(1, output.Cols - 1, output.Cells[..^1])
            : Grid.Filled(1, 2, output[0, 0]);
        Assert.False(family.Check(new Pair(pair.Input, reshaped), p), $"check passed a wrong shape in {where}");
        Assert.False(family.Check(new Pair(pair.Input, null), p), $"check passed a missing output in {where}");
    }
}
