namespace HrmSharp.Encoding;

/// <summary>
/// Seeds for independent RNG streams keyed by (seed, a, b), e.g. (run seed, epoch) or (seed, puzzle, variant): a
/// SplitMix64 finaliser over the packed values, so neighbouring keys get unrelated streams and nothing depends on the
/// order in which streams are created.
/// </summary>
public static class SeedMix
{
    public static int Of(int seed, long a, long b = 0)
    {
        ulong z = (ulong)(uint)seed * 0x9E3779B97F4A7C15UL;
        z = Mix(z ^ (ulong)a);
        z = Mix(z ^ (ulong)b * 0xD1B54A32D192ED03UL);
        return (int)(z ^ (z >> 32)) & int.MaxValue;
    }

    private static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
