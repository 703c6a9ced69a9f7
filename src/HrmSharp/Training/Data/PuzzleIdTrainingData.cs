using HrmSharp.Encoding;
using HrmSharp.Modeling;
using static TorchSharp.torch;

namespace HrmSharp.Training.Data;

/// <summary>
/// Training batches from an <see cref="IPuzzleIdDataset"/> through the deterministic <see cref="BatchSampler"/> (the
/// reference's epoch plan: groups shuffled, one random variant each, its examples shuffled and translated).
/// </summary>
public sealed class PuzzleIdTrainingData(IPuzzleIdDataset dataset, int seed, string description) : ITrainingData
{
    private BatchSampler? _sampler;
    private TrainingBatch? _buffer; // host arrays reused step after step

    public IPuzzleIdDataset Dataset => dataset;
    public string Description => description;
    public int SeqLen => dataset.Scheme.SeqLen;
    public int VocabSize => dataset.Scheme.VocabSize;
    public PuzzleIdTable PuzzleIds => dataset.PuzzleIds;
    public long ExamplesPerEpoch => Sampler(1).ExamplesPerEpoch;
    public bool Episodic => false;

    public ActBatch Batch(long index, int rows, Device device)
    {
        if (_buffer is null || _buffer.BatchSize != rows)
            _buffer = new TrainingBatch(rows, SeqLen);
        Fill(index, _buffer);
        return _buffer.ToTensors(device);
    }

    /// <summary>Writes the batch of optimiser step <paramref name="step"/> into <paramref name="batch"/> (its size is the batch size).</summary>
    public void Fill(long step, TrainingBatch batch) => Sampler(batch.BatchSize).Fill(step, batch.Inputs, batch.Labels, batch.PuzzleIds);

    private BatchSampler Sampler(int batchSize)
    {
        if (_sampler is null || _sampler.BatchSize != batchSize)
            _sampler = new BatchSampler(dataset, batchSize, seed);
        return _sampler;
    }
}
