using HrmSharp.Augmentation;
using HrmSharp.Data;
using HrmSharp.Data.Synthetic;
using HrmSharp.Encoding.Context;
using HrmSharp.Randomness;

namespace HrmSharp.Training.Context;

/// <summary>Where in-context training sequences come from and how they are batched.</summary>
public sealed record ContextDataOptions
{
    /// <summary>Also train on each task's test pairs whose outputs are known (training split only).</summary>
    public bool IncludeTests { get; init; } = true;
    /// <summary>A random dihedral + colour permutation per (epoch, task), applied to the whole task.</summary>
    public bool Augment { get; init; } = true;
    /// <summary>With <see cref="Augment"/>: also a random symmetry of the whole task (off: colour permutation only).</summary>
    public bool AugmentDihedral { get; init; } = true;
    /// <summary>B·L budget of one batch (padding included).</summary>
    public int TokensPerBatch { get; init; } = 8192;
    /// <summary>Share of batches made of freshly generated synthetic tasks (0 = real tasks only, 1 = synthetic only).</summary>
    public double SyntheticRatio { get; init; }
    /// <summary>Families the synthetic batches draw from (null = all).</summary>
    public IReadOnlyList<TaskFamily>? SyntheticFamilies { get; init; }
    public int SyntheticMaxSize { get; init; } = 12;
    /// <summary>Leave-one-out sequences longer than this are skipped in training (attention cost grows as L²).</summary>
    public int MaxSequenceLength { get; init; } = int.MaxValue;
    /// <summary>Grids at their real size (packed) or each on a 30×30 canvas (padded).</summary>
    public ContextLayout Layout { get; init; } = ContextLayout.Packed;
    /// <summary>Answer-canvas size rule (<see cref="CanvasRule.Given"/>: the true size, for diagnosis).</summary>
    public CanvasRule Canvas { get; init; } = CanvasRule.Max;
    /// <summary>The share of sequences whose non-identity paired-colour slots come in a random order (<see cref="ContextSequence.FrameOrder"/>).</summary>
    public double FrameShuffle { get; init; }
    public int Seed { get; init; }
}

/// <summary>
/// In-context training batches with random access by episode: every demo pair of every task becomes a query once per
/// epoch with the other pairs as context (leave-one-out), under a fresh augmentation of the whole task, and sequences of
/// similar length are bucketed into rows of one sequence each (q_halt reads each row's first token). Batch e is a pure
/// function of (seed, e), so a resumed run sees the same data. A <see cref="ContextDataOptions.SyntheticRatio"/> share
/// of batches comes from the procedural generator instead (new tasks every time: unlimited rules to read from demos).
/// </summary>
public sealed class ContextTrainingData
{
    private readonly IReadOnlyList<ArcTask> _tasks;
    private readonly ContextDataOptions _options;
    private readonly ContextEncoder _encoder;
    private readonly int[][] _lengths; // per task, its leave-one-out sequence lengths (augmentation-invariant)
    private readonly List<IReadOnlyList<BatchPlan>> _epochPlans = [];
    private readonly List<(int Task, int Sequence)[]> _epochIndex = [];
    private readonly SyntheticTaskGenerator? _synthetic;
    private readonly Lock _poolLock = new();
    private (long Index, List<ContextSequence> Sequences, IReadOnlyList<BatchPlan> Plans)? _pool;

    public ContextTrainingData(IReadOnlyList<ArcTask> tasks, ContextDataOptions options)
    {
        if (tasks.Count == 0 && options.SyntheticRatio < 1)
            throw new HrmException("in-context training needs training tasks (or synthetic_ratio 1)");
        if (options.SyntheticRatio is < 0 or > 1)
            throw new HrmException($"synthetic_ratio must be in [0, 1], got {options.SyntheticRatio}");
        _tasks = tasks;
        _options = options;
        _encoder = new ContextEncoder(new ContextEncoderOptions { Layout = options.Layout, Canvas = options.Canvas });
        _lengths = tasks.Select(t => _encoder.LeaveOneOutLengths(t, options.IncludeTests)).ToArray();
        Skipped = _lengths.Sum(l => l.Count(x => x > options.MaxSequenceLength));
        if (options.SyntheticRatio < 1 && Skipped == _lengths.Sum(l => l.Length))
            throw new HrmException(
                $"no leave-one-out sequence of the {tasks.Count} training tasks fits data.context_max_length {options.MaxSequenceLength} " +
                $"in the {OptionValue.Name(options.Layout)} layout (the shortest has {_lengths.SelectMany(l => l).DefaultIfEmpty(0).Min()} tokens" +
                (options.Layout == ContextLayout.Padded ? "; padded, k demos in context take (2k + 2)·900 tokens)" : ")"));
        if (options.SyntheticRatio > 0)
            _synthetic = new SyntheticTaskGenerator(options.SyntheticFamilies ?? FamilyCatalog.All,
                new SynthOptions { MaxSize = options.SyntheticMaxSize }, options.Seed);
        Sequences = _lengths.Sum(l => l.Length) - Skipped;
    }

    /// <summary>Leave-one-out sequences over <see cref="ContextDataOptions.MaxSequenceLength"/>, left out of training.</summary>
    public int Skipped { get; }

    /// <summary>Leave-one-out sequences per epoch of real tasks.</summary>
    public int Sequences { get; }

    public string Description =>
        $"{_tasks.Count} tasks in context, {OptionValue.Name(_options.Layout)} ({Sequences} leave-one-out sequences per epoch" +
        (Skipped > 0 ? $", {Skipped} longer than {_options.MaxSequenceLength} tokens skipped)" : ")") +
        (_options.SyntheticRatio > 0 ? $", {_options.SyntheticRatio:P0} of batches synthetic" : "");

    /// <summary>The batch of episode <paramref name="episode"/> (0-based).</summary>
    public ContextBatch Batch(long episode)
    {
        if (_synthetic is not null && (_tasks.Count == 0 || Unit(Mix(_options.Seed, episode, 0x5A17)) < _options.SyntheticRatio))
            return SyntheticBatch(episode);
        long realIndex = _synthetic is null ? episode : RealIndex(episode);
        return RealBatch(realIndex);
    }

    private ContextBatch RealBatch(long index)
    {
        int epoch = 0;
        while (true)
        {
            var plans = Plans(epoch);
            if (index < plans.Count) return Build(epoch, plans[(int)index]);
            index -= plans.Count;
            epoch++;
        }
    }

    /// <summary>Real batches are numbered by the episodes that were not synthetic, so both streams stay deterministic.</summary>
    private long RealIndex(long episode) => episode - SyntheticBefore(episode);

    /// <summary>Synthetic episodes before <paramref name="episode"/>: O(episode), cheap next to a training step.</summary>
    private long SyntheticBefore(long episode)
    {
        long count = 0;
        for (long e = 0; e < episode; e++)
            if (Unit(Mix(_options.Seed, e, 0x5A17)) < _options.SyntheticRatio) count++;
        return count;
    }

    private IReadOnlyList<BatchPlan> Plans(int epoch)
    {
        while (_epochPlans.Count <= epoch)
        {
            int e = _epochPlans.Count;
            var index = new List<(int, int)>();
            var lengths = new List<int>();
            for (int t = 0; t < _lengths.Length; t++)
                for (int s = 0; s < _lengths[t].Length; s++)
                {
                    if (_lengths[t][s] > _options.MaxSequenceLength) continue;
                    index.Add((t, s));
                    lengths.Add(_lengths[t][s]);
                }
            _epochIndex.Add([.. index]);
            _epochPlans.Add(BatchPlanner.Plan(lengths, Batching, (int)Mix(_options.Seed, e, 0xB47C)));
        }
        return _epochPlans[epoch];
    }

    private BatchingOptions Batching => new() { Pack = false, TokensPerBatch = _options.TokensPerBatch, ShuffleBatches = true };

    private ContextBatch Build(int epoch, BatchPlan plan)
    {
        var index = _epochIndex[epoch];
        var sequences = new List<ContextSequence>();
        var rows = new int[plan.Rows.Length][];
        var cache = new Dictionary<int, IReadOnlyList<ContextSequence>>();
        for (int r = 0; r < plan.Rows.Length; r++)
        {
            rows[r] = new int[plan.Rows[r].Length];
            for (int i = 0; i < plan.Rows[r].Length; i++)
            {
                var (task, seq) = index[plan.Rows[r][i]];
                if (!cache.TryGetValue(task, out var encoded))
                {
                    var aug = _options.Augment ? RandomAugmentation(new Random((int)Mix(_options.Seed, epoch, task)), _options.AugmentDihedral) : TaskAugmentation.Identity;
                    encoded = cache[task] = _encoder.LeaveOneOut(_tasks[task], _options.IncludeTests, aug);
                }
                rows[r][i] = sequences.Count;
                sequences.Add(WithFrames(encoded[seq], Mix(_options.Seed, epoch, (long)plan.Rows[r][i] << 8 | 0xF7)));
            }
        }
        return ContextBatch.Build(sequences, new BatchPlan(rows, plan.Length));
    }

    private ContextBatch SyntheticBatch(long episode)
    {
        long index = _tasks.Count == 0 ? episode : SyntheticBefore(episode); // synthetic batches numbered as RealIndex numbers real ones
        var (sequences, plans) = Pool(index / PoolBatches);
        return ContextBatch.Build(sequences, plans[(int)(index % PoolBatches)]);
    }

    /// <summary>
    /// Pool <paramref name="pool"/>'s <see cref="PoolBatches"/> batches. One sequence per generated task (a random one of
    /// its leave-one-out views), tasks taken in generation order for as long as the whole pool, bucketed by length, fits
    /// in <see cref="PoolBatches"/> batches of the token budget; then bucketed (similar lengths together) and shuffled.
    /// Why a pool: taking tasks in order into one batch padded to its longest spent about half of every step on padding
    /// (generated leave-one-out views range from ~50 to ~900 tokens at max size 8); bucketed, padding is a few percent.
    /// Every generated task is kept (no selection by length), task numbers advance by a prime per pool so every family
    /// leads pools equally often, and a pool is a pure function of (seed, pool), so a resumed run sees the same data.
    /// </summary>
    private (List<ContextSequence> Sequences, IReadOnlyList<BatchPlan> Plans) Pool(long pool)
    {
        lock (_poolLock)
        {
            if (_pool is { } cached && cached.Index == pool) return (cached.Sequences, cached.Plans);
            var kept = new List<ContextSequence>();
            var lengths = new List<int>();
            for (long i = 0; ; i++)
            {
                // Without this, a length limit no generated sequence meets (e.g. the padded layout's 900 tokens per grid)
                // would loop for ever.
                if (kept.Count == 0 && i == 256)
                    throw new HrmException(
                        $"none of 256 generated tasks has a leave-one-out sequence within data.context_max_length {_options.MaxSequenceLength} " +
                        $"in the {OptionValue.Name(_options.Layout)} layout; raise it");
                if (i == SyntheticStride) break; // pools never share a task
                var task = _synthetic!.Generate(pool * SyntheticStride + i).Task;
                var rng = new Random((int)Mix(_options.Seed, pool, i + 17));
                var aug = _options.Augment ? RandomAugmentation(rng, _options.AugmentDihedral) : TaskAugmentation.Identity;
                var views = _encoder.LeaveOneOut(task, includeTests: true, aug).Where(v => v.Length <= _options.MaxSequenceLength).ToList();
                if (views.Count == 0) continue;
                var s = WithFrames(views[rng.Next(views.Count)], Mix(_options.Seed, pool, i + 0x5F_0000));
                lengths.Add(s.Length);
                if (BucketCount(lengths) > PoolBatches)
                {
                    lengths.RemoveAt(lengths.Count - 1);
                    break;
                }
                kept.Add(s);
            }
            var plans = BatchPlanner.Plan(lengths, Batching, (int)Mix(_options.Seed, pool, 0x9001)).ToList();
            // Rare: the last task would have added more than one batch. Halve the batch with the most rows until there
            // are exactly PoolBatches, so episode -> (pool, batch) stays a fixed arithmetic map (no pool is generated
            // twice to resume).
            while (plans.Count < PoolBatches && plans.Max(p => p.Rows.Length) > 1)
            {
                int widest = plans.FindIndex(p => p.Rows.Length == plans.Max(q => q.Rows.Length));
                var rows = plans[widest].Rows;
                int half = rows.Length / 2;
                plans[widest] = new BatchPlan(rows[..half], plans[widest].Length);
                plans.Add(new BatchPlan(rows[half..], rows[half..].Max(r => lengths[r[0]])));
            }
            while (plans.Count < PoolBatches) plans.Add(plans[0]); // fewer tasks than batches (a generator near its limits)
            _pool = (pool, kept, plans);
            return (kept, plans);
        }
    }

    /// <summary>The sequence with a random order of its 7 non-identity paired-colour slots, for a <see cref="ContextDataOptions.FrameShuffle"/> share of sequences.</summary>
    private ContextSequence WithFrames(ContextSequence sequence, ulong seed)
    {
        if (_options.FrameShuffle <= 0) return sequence;
        var rng = new Random((int)seed);
        if (_options.FrameShuffle < 1 && rng.NextDouble() >= _options.FrameShuffle) return sequence;
        var order = Enumerable.Range(0, ContextBatch.SymmetryFrames).ToArray();
        rng.Shuffle(order.AsSpan(1));
        return sequence with { FrameOrder = order };
    }

    /// <summary>Batches <see cref="BatchPlanner"/> cuts one-sequence rows of these lengths into (longest first, B·L within the budget).</summary>
    private int BucketCount(List<int> lengths)
    {
        var sorted = lengths.ToArray();
        Array.Sort(sorted);
        int batches = 0;
        for (int at = sorted.Length - 1; at >= 0; batches++)
            at -= Math.Max(1, _options.TokensPerBatch / sorted[at]);
        return batches;
    }

    /// <summary>Batches per pool of generated tasks: enough tasks that bucketing by length leaves little padding.</summary>
    private const int PoolBatches = 8;

    /// <summary>Generated task numbers per pool: a prime, so the first family of a pool cycles through all of them.</summary>
    private const long SyntheticStride = 65521;

    /// <summary>A random symmetry (identity when <paramref name="dihedral"/> is off; drawn either way, so the colour stream is the same) and colour permutation.</summary>
    public static TaskAugmentation RandomAugmentation(Random rng, bool dihedral = true)
    {
        int symmetry = rng.Next(8);
        return new(new Dihedral(dihedral ? symmetry : 0), ColourPermutation.Random(rng));
    }

    private static double Unit(ulong x) => (x >> 11) * (1.0 / (1UL << 53));

    /// <summary>SplitMix64 of the inputs: independent streams per (seed, a, b).</summary>
    private static ulong Mix(long seed, long a, long b)
    {
        ulong z = (ulong)seed * SplitMix64.Golden ^ (ulong)a * 0xBF58476D1CE4E5B9UL ^ (ulong)b * 0x94D049BB133111EBUL;
        return SplitMix64.Mix(z);
    }
}
