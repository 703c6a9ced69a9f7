using HrmSharp.Data;

namespace HrmSharp.Tests.Data;

/// <summary>Small tasks and grids for tests: hand-written JSON and seeded random content.</summary>
public static class TestTasks
{
    /// <summary>A valid task: two demos, one test with output.</summary>
    public const string ValidJson = """
        {"train": [{"input": [[1, 2], [3, 4]], "output": [[4, 3], [2, 1]]},
                   {"input": [[5]], "output": [[5]]}],
         "test": [{"input": [[0, 1, 2]], "output": [[2, 1, 0]]}]}
        """;

    /// <summary>A grid of random size (1..maxSide each way) and random colours: rows, columns, then cells are drawn.</summary>
    public static Grid RandomGrid(Random rng, int maxSide = 8) =>
        Grid.Create(rng.Next(1, maxSide + 1), rng.Next(1, maxSide + 1), (_, _) => rng.Next(Grid.Colours));

    /// <summary>A <paramref name="rows"/>×<paramref name="cols"/> grid of random colours.</summary>
    public static Grid RandomGrid(Random rng, int rows, int cols) => Grid.Create(rows, cols, (_, _) => rng.Next(Grid.Colours));

    /// <summary>
    /// A task of <paramref name="demos"/> demo pairs and one test pair with its output, every grid of random size up to
    /// <paramref name="maxSide"/> (drawn input, output, pair by pair).
    /// </summary>
    public static ArcTask RandomTask(Random rng, string id, int demos, int maxSide) =>
        new(id, Enumerable.Range(0, demos).Select(_ => new Pair(RandomGrid(rng, maxSide), RandomGrid(rng, maxSide))).ToList(),
            [new Pair(RandomGrid(rng, maxSide), RandomGrid(rng, maxSide))]);

    public static ArcTask RandomTask(Random rng, string id, bool testOutputs = true)
    {
        Pair RandomPair(bool withOutput) => new(RandomGrid(rng), withOutput ? RandomGrid(rng) : null);
        return new ArcTask(id,
            Enumerable.Range(0, rng.Next(1, 4)).Select(_ => RandomPair(true)).ToArray(),
            Enumerable.Range(0, rng.Next(1, 3)).Select(_ => RandomPair(testOutputs)).ToArray());
    }

    /// <summary>
    /// An ARC data folder of recolouring tasks (every colour + 1, so the output is a function of the input the demos
    /// show): training/ and evaluation/ with <paramref name="tasksPerSplit"/> tasks each, ids t0.. and e0..,
    /// <paramref name="demos"/> demos and one test pair with its output, grids up to <paramref name="maxSide"/>.
    /// </summary>
    public static string WriteRecolourFolder(string root, int seed, int tasksPerSplit = 2, int demos = 2, int maxSide = 3)
    {
        var rng = new Random(seed);
        foreach (var split in new[] { "training", "evaluation" })
        {
            Directory.CreateDirectory(Path.Combine(root, split));
            for (int i = 0; i < tasksPerSplit; i++)
            {
                Pair P()
                {
                    var g = RandomGrid(rng, maxSide);
                    return new Pair(g, Grid.Create(g.Rows, g.Cols, (r, c) => (g[r, c] + 1) % Grid.Colours));
                }
                var task = new ArcTask($"{split[0]}{i}", [.. Enumerable.Range(0, demos).Select(_ => P())], [P()]);
                TaskJsonWriter.Write(Path.Combine(root, split, task.Id + ".json"), task);
            }
        }
        return root;
    }

    public static bool SameContent(ArcTask a, ArcTask b) =>
        a.Id == b.Id && a.Train.SequenceEqual(b.Train) && a.Test.SequenceEqual(b.Test);
}
