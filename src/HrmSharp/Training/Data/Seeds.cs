namespace HrmSharp.Training.Data;

/// <summary>Derives independent seeds from (seed, index, stream) so every draw of a run can be reproduced on its own.</summary>
public static class Seeds
{
    /// <summary>SplitMix64 finaliser over the three values: neighbouring indices give unrelated seeds.</summary>
    public static int Mix(int seed, long index, int stream)
    {
        ulong z = (ulong)index * 0x9E3779B97F4A7C15UL ^ ((ulong)(uint)seed << 32 | (uint)stream);
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return (int)(z ^ (z >> 32));
    }

    /// <summary>A fresh RNG for draw <paramref name="index"/> of stream <paramref name="stream"/>.</summary>
    public static Random For(int seed, long index, int stream) => new(Mix(seed, index, stream));
}
