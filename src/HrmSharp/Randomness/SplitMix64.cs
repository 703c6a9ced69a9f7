namespace HrmSharp.Randomness;

/// <summary>
/// SplitMix64: a tiny seeded random stream for per-example draws in the hot path (creating a seeded
/// <see cref="System.Random"/> costs microseconds: it fills a 56-entry table; this costs nothing), and its finaliser
/// <see cref="Mix"/>, the one bit mixer every seed derivation in HrmSharp uses, so neighbouring keys (indices, seeds)
/// get unrelated streams.
/// </summary>
internal struct SplitMix64(ulong seed)
{
    public const ulong Golden = 0x9E3779B97F4A7C15UL;

    private ulong _state = seed;

    /// <summary>SplitMix64's output function: a bijective mix of all 64 bits.</summary>
    public static ulong Mix(ulong z)
    {
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return z ^ (z >> 31);
    }

    public ulong NextUInt64() => Mix(_state += Golden);

    /// <summary>Uniform in [0, n) for small n (the modulo bias is below 2⁻⁵⁰).</summary>
    public int Next(int n) => (int)(NextUInt64() % (ulong)n);

    public void Shuffle(Span<int> items)
    {
        for (int i = items.Length - 1; i > 0; i--)
        {
            int j = Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
