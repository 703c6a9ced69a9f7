using HrmSharp.Augmentation;
using HrmSharp.Randomness;

namespace HrmSharp.Encoding;

/// <summary>
/// The deterministic stream of training batches. Epoch e is a fixed plan drawn from (seed, e) alone, in the reference's
/// way (puzzle_dataset.py): the groups in a random order, for each one variant at random and all of its examples in a
/// random order, every example but one per variant randomly translated. Epochs are laid end to end and cut into batches
/// of <see cref="BatchSize"/> (a batch may span two epochs), so batch k is a pure function of (seed, k): a run resumed
/// at step k sees exactly the batches an uninterrupted run would.
/// </summary>
public sealed class BatchSampler
{
    private readonly IPuzzleIdDataset _dataset;
    private readonly Lock _gate = new();
    private readonly (int Epoch, TrainingExample[]? Plan)[] _cache = [(-1, null), (-1, null)]; // the two latest epochs

    public BatchSampler(IPuzzleIdDataset dataset, int batchSize, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        long total = 0;
        for (int g = 0; g < dataset.GroupCount; g++) total += dataset.ExampleCount(g);
        if (total == 0) throw new HrmException("the training set is empty: no examples to draw batches from");
        if (total > Array.MaxLength) throw new HrmException($"an epoch of {total} examples is too large to plan");
        _dataset = dataset;
        BatchSize = batchSize;
        Seed = seed;
        ExamplesPerEpoch = total;
    }

    public int BatchSize { get; }
    public int Seed { get; }
    public int SeqLen => _dataset.Scheme.SeqLen;

    /// <summary>Examples in one epoch: each group contributes one variant's examples, all variants being the same size.</summary>
    public long ExamplesPerEpoch { get; }

    /// <summary>Epochs completed (fractional) after <paramref name="steps"/> batches.</summary>
    public double Epochs(long steps) => (double)steps * BatchSize / ExamplesPerEpoch;

    /// <summary>Where batch <paramref name="step"/> starts: its epoch and the index of its first example in that epoch.</summary>
    public (int Epoch, int Index) Position(long step)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        return Locate(step * BatchSize);
    }

    public TrainingExample ExampleAt(long position)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(position);
        var (epoch, index) = Locate(position);
        return Plan(epoch)[index];
    }

    public PuzzleIdBatch Batch(long step)
    {
        var batch = PuzzleIdBatch.Allocate(BatchSize, SeqLen, BatchSize, step * BatchSize);
        Fill(step, batch.Inputs, batch.Labels, batch.PuzzleIdentifiers);
        return batch;
    }

    /// <summary>Writes batch <paramref name="step"/> into caller buffers ([B·S], [B·S], [B]), e.g. reused pinned arrays.</summary>
    public void Fill(long step, Span<int> inputs, Span<int> labels, Span<int> puzzleIds)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        int s = SeqLen;
        if (inputs.Length != BatchSize * s || labels.Length != BatchSize * s || puzzleIds.Length != BatchSize)
            throw new ArgumentException($"buffers must hold {BatchSize}x{s} inputs and labels and {BatchSize} identifiers");
        var (epoch, index) = Locate(step * BatchSize);
        var plan = Plan(epoch);
        for (int i = 0; i < BatchSize; i++, index++)
        {
            if (index == plan.Length) (epoch, index, plan) = (epoch + 1, 0, Plan(epoch + 1));
            var ex = plan[index];
            _dataset.EncodeTraining(ex, inputs.Slice(i * s, s), labels.Slice(i * s, s));
            puzzleIds[i] = _dataset.PuzzleId(ex.Group, ex.Variant);
        }
    }

    /// <summary>The examples of epoch <paramref name="epoch"/> in order (a pure function of (seed, epoch)).</summary>
    public IReadOnlyList<TrainingExample> EpochPlan(int epoch) => Plan(epoch);

    private (int Epoch, int Index) Locate(long position)
    {
        long epoch = position / ExamplesPerEpoch;
        if (epoch > int.MaxValue) throw new ArgumentOutOfRangeException(nameof(position), position, "beyond the last plannable epoch");
        return ((int)epoch, (int)(position % ExamplesPerEpoch));
    }

    private TrainingExample[] Plan(int epoch)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        lock (_gate)
        {
            foreach (var (e, p) in _cache)
                if (e == epoch) return p!;
        }
        var plan = Draw(epoch);
        lock (_gate)
        {
            _cache[0] = _cache[1];
            _cache[1] = (epoch, plan);
        }
        return plan;
    }

    private TrainingExample[] Draw(int epoch)
    {
        var rng = new Random(SeedMix.Of(Seed, epoch));
        var plan = new TrainingExample[ExamplesPerEpoch];
        var order = new int[_dataset.GroupCount];
        for (int g = 0; g < order.Length; g++) order[g] = g;
        rng.Shuffle(order);

        int at = 0;
        var examples = new List<int>();
        foreach (int g in order)
        {
            int variant = rng.Next(_dataset.VariantCount(g));
            int n = _dataset.ExampleCount(g);
            examples.Clear();
            for (int j = 0; j < n; j++) examples.Add(j);
            rng.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(examples));
            // The reference leaves one example per puzzle at the top-left, where evaluation puts every grid.
            int untranslated = _dataset.Translates ? rng.Next(n) : -1;
            foreach (int j in examples)
            {
                var t = _dataset.Translates && j != untranslated ? _dataset.RandomTranslation(g, variant, j, rng) : Translation.None;
                plan[at++] = new TrainingExample(g, variant, j, t);
            }
        }
        return plan;
    }
}
