namespace HrmSharp.Data.Synthetic.Toolkit;

internal static class RandomExtensions
{
    /// <summary>Uniform integer in [lo, hi], both inclusive.</summary>
    public static int Between(this Random rng, int lo, int hi) => rng.Next(lo, hi + 1);

    public static bool Chance(this Random rng, double p) => rng.NextDouble() < p;

    public static T Pick<T>(this Random rng, IReadOnlyList<T> items) => items[rng.Next(items.Count)];

    /// <summary><paramref name="count"/> distinct colours (0..9) none of which is in <paramref name="exclude"/>.</summary>
    public static int[] Colours(this Random rng, int count, params ReadOnlySpan<int> exclude)
    {
        Span<int> pool = stackalloc int[Grid.Colours];
        int n = 0;
        for (int c = 0; c < Grid.Colours; c++)
            if (!exclude.Contains(c)) pool[n++] = c;
        if (count > n) throw new ArgumentException($"asked for {count} colours but only {n} are free");
        var result = new int[count];
        for (int i = 0; i < count; i++)
        {
            int j = rng.Next(i, n);
            (pool[i], pool[j]) = (pool[j], pool[i]);
            result[i] = pool[i];
        }
        return result;
    }

    /// <summary>A background colour: black most of the time (as in ARC), any colour otherwise.</summary>
    public static int Background(this Random rng) => rng.Chance(0.7) ? 0 : rng.Next(Grid.Colours);
}
