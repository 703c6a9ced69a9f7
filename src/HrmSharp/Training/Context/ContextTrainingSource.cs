using HrmSharp.Encoding.Context;
using HrmSharp.Encoding;
using HrmSharp.Modeling;
using HrmSharp.Training.Data;
using static TorchSharp.torch;

namespace HrmSharp.Training.Context;

/// <summary>In-context training data as the trainer takes it: one <see cref="ContextTrainingData"/> batch per ACT episode.</summary>
public sealed class ContextTrainingSource(ContextTrainingData data, int maxSequenceLength) : ITrainingData
{
    public string Description => data.Description;
    /// <summary>The longest sequence the model takes (sizes learned positions); batches are shorter.</summary>
    public int SeqLen => maxSequenceLength;
    public int VocabSize => ContextVocabulary.Size;
    public PuzzleIdTable PuzzleIds => PuzzleIdTable.BlankOnly;
    public long ExamplesPerEpoch => data.Sequences;
    public bool Episodic => true;

    public ActBatch Batch(long index, int rows, Device device) => ContextBatchTensors.ToActBatch(data.Batch(index), device);
}
