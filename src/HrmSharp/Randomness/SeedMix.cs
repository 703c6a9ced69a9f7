namespace HrmSharp.Randomness;

/// <summary>
/// Seeds for independent RNG streams keyed by (seed, a, b), e.g. (run seed, epoch) or (seed, puzzle, variant): the
/// SplitMix64 finaliser over the packed values, so neighbouring keys get unrelated streams and nothing depends on the
/// order in which streams are created.
/// </summary>
public static class SeedMix
{
    public static int Of(int seed, long a, long b = 0)
    {
        ulong z = (ulong)(uint)seed * SplitMix64.Golden;
        z = SplitMix64.Mix((z ^ (ulong)a) + SplitMix64.Golden);
        z = SplitMix64.Mix((z ^ ((ulong)b * 0xD1B54A32D192ED03UL)) + SplitMix64.Golden);
        return (int)(z ^ (z >> 32)) & int.MaxValue;
    }
}
