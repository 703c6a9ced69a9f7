using System.Runtime.ExceptionServices;
using HrmSharp.Randomness;

namespace HrmSharp.Data;

/// <summary>
/// Generates many puzzles in parallel, deterministically: puzzle i always uses its own RNG seeded from (seed, i), so
/// the output does not depend on the thread count or scheduling. Shared by the Sudoku and Maze generators.
/// </summary>
public static class ParallelPuzzles
{
    /// <summary>SplitMix64 finaliser over (seed, index): neighbouring indices and seeds get unrelated streams.</summary>
    public static int SeedFor(int seed, int index)
    {
        ulong z = SplitMix64.Mix(((ulong)(uint)seed << 32 | (uint)index) + SplitMix64.Golden);
        return (int)(z ^ (z >> 32));
    }

    /// <param name="make">Builds puzzle i from its own RNG.</param>
    /// <param name="done">Called once per finished puzzle, never concurrently (drives a progress bar).</param>
    public static T[] Generate<T>(int count, int seed, Func<Random, int, T> make, Action? done = null, int maxThreads = -1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var results = new T[count];
        var gate = new Lock();
        try
        {
            Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = maxThreads }, i =>
            {
                results[i] = make(new Random(SeedFor(seed, i)), i);
                if (done is not null)
                    lock (gate) done();
            });
        }
        catch (AggregateException ae) when (ae.InnerExceptions.OfType<HrmException>().FirstOrDefault() is { } bad)
        {
            // Several workers may hit the same impossible limit; the user needs one message, not an aggregate.
            ExceptionDispatchInfo.Throw(bad);
        }
        return results;
    }
}
