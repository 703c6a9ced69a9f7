using System.Diagnostics;

namespace HrmSharp.Distributed;

/// <summary>
/// Checks that a job's collectives give exact results (small integers, whose float sums are exact in any order) and
/// times the per-step gradient all-reduce at a given size. Used by <c>hrm bench allreduce</c>, under mpirun.
/// </summary>
public static class CollectiveCheck
{
    /// <summary>Throws an <see cref="HrmException"/> naming the first wrong value of any collective.</summary>
    public static void Verify(IDistributed world, int length = 100_003)
    {
        int size = world.Size, rank = world.Rank;
        var sum = new float[length];
        for (int i = 0; i < length; i++) sum[i] = rank + 1 + i % 7;
        world.SumInPlace(sum);
        for (int i = 0; i < length; i++)
            if (sum[i] != size * (size + 1) / 2 + size * (i % 7))
                throw new HrmException($"rank {rank}: float sum at {i} is {sum[i]}, expected {size * (size + 1) / 2 + size * (i % 7)}");

        var doubles = new double[] { rank + 0.5, 1e15 + rank };
        world.SumInPlace(doubles);
        if (doubles[0] != size * size / 2.0 || doubles[1] != 1e15 * size + size * (size - 1) / 2.0)
            throw new HrmException($"rank {rank}: double sums are {doubles[0]}, {doubles[1]}");

        var broadcast = new float[length];
        for (int i = 0; i < length; i++) broadcast[i] = rank == 0 ? i % 11 : -1;
        world.Broadcast(broadcast);
        for (int i = 0; i < length; i++)
            if (broadcast[i] != i % 11)
                throw new HrmException($"rank {rank}: broadcast value at {i} is {broadcast[i]}, expected {i % 11}");

        float[] mine = [rank * 10, rank * 10 + 1, rank * 10 + 2];
        var all = new float[mine.Length * size];
        world.AllGather(mine, all);
        for (int r = 0; r < size; r++)
            for (int j = 0; j < mine.Length; j++)
                if (all[r * mine.Length + j] != r * 10 + j)
                    throw new HrmException($"rank {rank}: all-gather slot {r}.{j} is {all[r * mine.Length + j]}, expected {r * 10 + j}");
        world.Barrier();
    }

    /// <summary>Median seconds of <paramref name="repeats"/> in-place sums of <paramref name="floats"/> values (after one untimed).</summary>
    public static double AllReduceSeconds(IDistributed world, int floats, int repeats)
    {
        var buffer = new float[floats];
        world.SumInPlace(buffer);
        var times = new double[repeats];
        for (int k = 0; k < repeats; k++)
        {
            world.Barrier();
            var clock = Stopwatch.StartNew();
            world.SumInPlace(buffer);
            times[k] = clock.Elapsed.TotalSeconds;
        }
        Array.Sort(times);
        return times[repeats / 2];
    }
}
