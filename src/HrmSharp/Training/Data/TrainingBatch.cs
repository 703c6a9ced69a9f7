using HrmSharp.Modeling;
using static TorchSharp.torch;

namespace HrmSharp.Training.Data;

/// <summary>
/// One batch as host arrays, filled by the data source and reused step after step: token ids [B·S], labels [B·S]
/// (<see cref="ActBatch.IgnoreLabel"/> = not scored) and puzzle identifiers [B].
/// </summary>
public sealed class TrainingBatch
{
    public TrainingBatch(int batchSize, int seqLen)
    {
        BatchSize = batchSize;
        SeqLen = seqLen;
        Inputs = new int[batchSize * seqLen];
        Labels = new int[batchSize * seqLen];
        PuzzleIds = new int[batchSize];
    }

    public int BatchSize { get; }
    public int SeqLen { get; }
    public int[] Inputs { get; }
    public int[] Labels { get; }
    public int[] PuzzleIds { get; }

    public Span<int> InputRow(int row) => Inputs.AsSpan(row * SeqLen, SeqLen);
    public Span<int> LabelRow(int row) => Labels.AsSpan(row * SeqLen, SeqLen);

    /// <summary>The first <paramref name="rows"/> rows as int32 tensors on <paramref name="device"/>.</summary>
    public ActBatch ToTensors(Device device, int? rows = null)
    {
        int b = rows ?? BatchSize;
        var inputs = tensor(Inputs.AsSpan(0, b * SeqLen).ToArray(), [b, SeqLen], ScalarType.Int32, device);
        var labels = tensor(Labels.AsSpan(0, b * SeqLen).ToArray(), [b, SeqLen], ScalarType.Int32, device);
        var ids = tensor(PuzzleIds.AsSpan(0, b).ToArray(), [b], ScalarType.Int32, device);
        return new ActBatch(inputs, labels, ids);
    }
}
