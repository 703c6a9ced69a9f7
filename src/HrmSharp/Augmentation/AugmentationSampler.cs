using System.Security.Cryptography;
using HrmSharp.Data;

namespace HrmSharp.Augmentation;

/// <summary>
/// Draws distinct augmentations of a task, HRM-style (a uniform dihedral transform and a random colour permutation),
/// identity first. Two augmentations count as the same when they produce the same task content, so a task that is
/// symmetric under a transform, or uses few colours, does not yield copies. The draw depends only on (seed, task id).
/// </summary>
public static class AugmentationSampler
{
    /// <summary>Draws beyond this many per wanted augmentation give up: some tasks have fewer distinct versions than asked.</summary>
    public const int TriesPerAugmentation = 20;

    /// <summary>
    /// Up to <paramref name="count"/> augmentations (fewer only when the task has fewer distinct versions than that
    /// within <see cref="TriesPerAugmentation"/>·count draws), the identity first.
    /// </summary>
    public static IReadOnlyList<TaskAugmentation> Sample(ArcTask task, int count, int seed, bool permuteBackground = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var result = new List<TaskAugmentation>(count);
        if (count == 0) return result;
        var seen = new HashSet<UInt128> { ContentKey(task) };
        result.Add(TaskAugmentation.Identity);

        var rng = new Random(TaskSeed(seed, task.Id));
        long maxDraws = (long)TriesPerAugmentation * count;
        for (long draw = 0; result.Count < count && draw < maxDraws; draw++)
        {
            var aug = new TaskAugmentation(new Dihedral(rng.Next(Dihedral.Count)), ColourPermutation.Random(rng, permuteBackground));
            if (seen.Add(ContentKey(aug.Apply(task)))) result.Add(aug);
        }
        return result;
    }

    /// <summary>A stable 32-bit seed from (seed, task id); string.GetHashCode differs between runs, so hash the bytes.</summary>
    public static int TaskSeed(int seed, string taskId)
    {
        // FNV-1a over the id's UTF-8 bytes, then the seed mixed in with the SplitMix64 finaliser.
        ulong h = 14695981039346656037UL;
        foreach (byte b in System.Text.Encoding.UTF8.GetBytes(taskId))
        {
            h ^= b;
            h *= 1099511628211UL;
        }
        h ^= (ulong)(uint)seed * Randomness.SplitMix64.Golden;
        return (int)(Randomness.SplitMix64.Mix(h) & int.MaxValue);
    }

    /// <summary>A 128-bit digest of every grid's shape and cells, in order (demos, then tests); collisions are negligible.</summary>
    public static UInt128 ContentKey(ArcTask task)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var p in task.Train) { AddGrid(sha, p.Input, 1); AddGrid(sha, p.Output, 2); }
        foreach (var p in task.Test) { AddGrid(sha, p.Input, 3); AddGrid(sha, p.Output, 4); }
        Span<byte> digest = stackalloc byte[32];
        sha.GetHashAndReset(digest);
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt128LittleEndian(digest);
    }

    private static void AddGrid(IncrementalHash sha, Grid? grid, byte tag)
    {
        // Tag and shape first, so grids of different shapes or roles with the same cells never collide.
        sha.AppendData([tag, (byte)(grid?.Rows ?? 0), (byte)(grid?.Cols ?? 0)]);
        if (grid is not null) sha.AppendData(grid.Cells);
    }
}
