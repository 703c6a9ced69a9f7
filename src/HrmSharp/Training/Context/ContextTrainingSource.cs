using HrmSharp.Encoding.Context;
using HrmSharp.Encoding;
using HrmSharp.Modeling;
using HrmSharp.Training.Data;
using static TorchSharp.torch;

namespace HrmSharp.Training.Context;

/// <summary>In-context training data as the trainer takes it: one <see cref="ContextTrainingData"/> batch per ACT episode.</summary>
public sealed class ContextTrainingSource(ContextTrainingData data, int maxSequenceLength) : ITrainingData, IActBatchSource
{
    public string Description => data.Description;
    /// <summary>The longest sequence the model takes (sizes learned positions); batches are shorter.</summary>
    public int SeqLen => maxSequenceLength;
    public int VocabSize => ContextVocabulary.Size;
    public PuzzleIdTable PuzzleIds => PuzzleIdTable.BlankOnly;
    public long ExamplesPerEpoch => data.Sequences;

    public void Fill(long step, TrainingBatch batch) =>
        throw new NotSupportedException("in-context batches vary in length; the trainer asks for them through IActBatchSource");

    public ActBatch Batch(long episode, Device device) => ContextBatchTensors.ToActBatch(data.Batch(episode), device);
}
