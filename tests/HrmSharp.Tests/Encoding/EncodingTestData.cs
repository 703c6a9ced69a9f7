using HrmSharp.Data;
using static HrmSharp.Tests.Data.TestTasks;

namespace HrmSharp.Tests.Encoding;

/// <summary>Seeded ARC-like tasks for encoding tests: grids of any size up to 30, a few demos, one or two test inputs.</summary>
public static class EncodingTestData
{
    public static ArcTask Task(Random rng, string id, int maxSide = 12, int tests = 1, bool testOutputs = true)
    {
        Pair P(bool output) => new(RandomGrid(rng, maxSide), output ? RandomGrid(rng, maxSide) : null);
        return new ArcTask(id, Enumerable.Range(0, rng.Next(2, 5)).Select(_ => P(true)).ToArray(),
                           Enumerable.Range(0, tests).Select(_ => P(testOutputs)).ToArray());
    }

    public static (ArcTask[] Training, ArcTask[] Evaluation) Split(int seed, int training = 4, int evaluation = 3, int maxSide = 12)
    {
        var rng = new Random(seed);
        return (Enumerable.Range(0, training).Select(i => Task(rng, $"t{i:D3}", maxSide, tests: 1 + i % 2)).ToArray(),
                Enumerable.Range(0, evaluation).Select(i => Task(rng, $"e{i:D3}", maxSide, tests: 1 + i % 2)).ToArray());
    }
}
