namespace HrmSharp.Training.Data;

/// <summary>
/// Draws examples without replacement within each epoch, in a fresh shuffled order per epoch, with random access:
/// the g-th draw of the run (g = step·batch + row) is example perm_e[g mod N] of epoch e = g / N, and perm_e depends
/// only on (seed, e). The reference samples the same way (shuffled groups per epoch).
/// </summary>
public sealed class EpochSampler
{
    private readonly int _count;
    private readonly int _seed;
    private long _epoch = -1;
    private int[] _order = [];

    public EpochSampler(int count, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        _count = count;
        _seed = seed;
    }

    /// <summary>The example index of draw <paramref name="draw"/>.</summary>
    public int Index(long draw)
    {
        long epoch = draw / _count;
        if (epoch != _epoch)
        {
            _order = new int[_count];
            for (int i = 0; i < _count; i++) _order[i] = i;
            new Random(Seeds.Mix(_seed, epoch, 0x5A)).Shuffle(_order);
            _epoch = epoch;
        }
        return _order[draw % _count];
    }
}
