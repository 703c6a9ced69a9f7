namespace HrmSharp.Training.Data;

/// <summary>
/// A tiny learnable task for tests and benches: reverse a random sequence of tokens 1..V−1. Example i is generated
/// from (seed, i) alone; training draws examples 0..count−1 through the epoch sampler, evaluation uses a disjoint
/// index range.
/// </summary>
public sealed class SyntheticData : ITrainingData
{
    private const int Stream = 0x5E;
    private readonly EpochSampler _sampler;
    private readonly int _seed;

    public SyntheticData(int count, int seqLen, int vocab, int seed)
    {
        if (count < 1) throw new HrmException($"synthetic data needs at least one example, got {count}");
        Count = count;
        SeqLen = seqLen;
        VocabSize = vocab;
        _seed = seed;
        _sampler = new EpochSampler(count, seed);
    }

    public string Description => $"synthetic reverse task: {Count} sequences of {SeqLen} tokens over {VocabSize - 1} symbols";
    public int SeqLen { get; }
    public int VocabSize { get; }
    public int NumPuzzleIdentifiers => 1;
    public long Count { get; }

    public void Fill(long step, TrainingBatch batch)
    {
        for (int row = 0; row < batch.BatchSize; row++)
        {
            Example(_sampler.Index(step * batch.BatchSize + row), batch.InputRow(row), batch.LabelRow(row));
            batch.PuzzleIds[row] = 0;
        }
    }

    /// <summary>Example <paramref name="index"/>: random tokens in, the same tokens reversed out.</summary>
    public void Example(long index, Span<int> inputs, Span<int> labels)
    {
        var rng = Seeds.For(_seed, index, Stream);
        for (int i = 0; i < SeqLen; i++)
            inputs[i] = rng.Next(1, VocabSize);
        for (int i = 0; i < SeqLen; i++)
            labels[i] = inputs[SeqLen - 1 - i];
    }
}
