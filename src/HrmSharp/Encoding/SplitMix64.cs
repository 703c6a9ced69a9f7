namespace HrmSharp.Encoding;

/// <summary>
/// A tiny seeded random stream (SplitMix64) for per-example draws in the hot path: creating a seeded
/// <see cref="System.Random"/> costs microseconds (it fills a 56-entry table), this costs nothing.
/// </summary>
internal struct SplitMix64(ulong seed)
{
    private ulong _state = seed;

    public ulong NextUInt64()
    {
        ulong z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

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
