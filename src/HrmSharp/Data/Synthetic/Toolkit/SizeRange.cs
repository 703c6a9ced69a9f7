namespace HrmSharp.Data.Synthetic.Toolkit;

/// <summary>
/// A task-level range of side lengths: each task picks its own range and each pair draws inside it, so sizes vary
/// between tasks (some always tiny, some large) and a little within a task.
/// </summary>
public readonly record struct SizeRange(int Lo, int Hi)
{
    public static SizeRange Draw(Random rng, int min, int max)
    {
        if (max < min) max = min;
        int lo = rng.Between(min, max);
        int hi = rng.Between(lo, Math.Min(max, lo + Math.Max(2, (max - min) / 2)));
        return new SizeRange(lo, hi);
    }

    public int Next(Random rng) => rng.Between(Lo, Hi);
}
