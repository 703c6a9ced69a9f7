using HrmSharp.Randomness;

namespace HrmSharp.Data.Synthetic;

/// <summary>
/// Makes task number i from (seed, i) alone, so tasks can be generated in any order or in parallel and still come
/// out byte-identical. Families are taken round-robin, which keeps their counts balanced.
/// </summary>
public sealed class SyntheticTaskGenerator
{
    // A family that fails this many draws in a row is broken at this size, not unlucky.
    private const int TaskAttempts = 500;

    private readonly IReadOnlyList<TaskFamily> _families;
    private readonly SynthOptions _options;
    private readonly int _seed;

    public SyntheticTaskGenerator(IReadOnlyList<TaskFamily> families, SynthOptions options, int seed)
    {
        if (families.Count == 0) throw new HrmException("no task families left to generate from");
        options.Validated();
        var tooBig = families.Where(f => f.MinSize > options.MaxSize).Select(f => $"{f.Name} (needs {f.MinSize})").ToList();
        if (tooBig.Count > 0)
            throw new HrmException($"max size {options.MaxSize} is too small for: {string.Join(", ", tooBig)}");
        _families = families;
        _options = options;
        _seed = seed;
    }

    public IReadOnlyList<TaskFamily> Families => _families;

    public TaskFamily FamilyOf(long index) => _families[(int)(index % _families.Count)];

    /// <summary>Task ids are "family-index" with the index zero-padded to 5 digits (so files list in order).</summary>
    public string IdOf(long index) => $"{FamilyOf(index).Name}-{index:D5}";

    public GeneratedTask Generate(long index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        var family = FamilyOf(index);
        var rng = new Random(TaskSeed(_seed, index));
        string id = IdOf(index);
        for (int attempt = 0; attempt < TaskAttempts; attempt++)
            if (family.TryGenerate(id, rng, _options) is { } task) return task;
        throw new InvalidOperationException($"family {family.Name} failed {TaskAttempts} draws at max size {_options.MaxSize} (task {index})");
    }

    /// <summary>SplitMix64 of (seed, index): neighbouring indices get unrelated streams.</summary>
    public static int TaskSeed(int seed, long index)
    {
        ulong z = SplitMix64.Mix(unchecked((((ulong)(uint)seed << 32) ^ (ulong)index) + SplitMix64.Golden));
        return (int)(z & 0x7FFFFFFF);
    }
}
