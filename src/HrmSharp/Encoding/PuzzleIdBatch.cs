namespace HrmSharp.Encoding;

/// <summary>
/// One batch as the model takes it, row-major int arrays: <paramref name="Inputs"/> and <paramref name="Labels"/> are
/// [Size, SeqLen] (labels -100 where ignored), <paramref name="PuzzleIdentifiers"/> is [Size]. Rows from
/// <paramref name="ValidCount"/> on are padding (PAD inputs, ignored labels, blank identifier), which only the last
/// evaluation batch has. <paramref name="First"/> is the first row's position: the global example position for training
/// (step × Size), the evaluation example index for evaluation.
/// </summary>
public sealed record PuzzleIdBatch(int Size, int SeqLen, int[] Inputs, int[] Labels, int[] PuzzleIdentifiers, int ValidCount, long First)
{
    public static PuzzleIdBatch Allocate(int size, int seqLen, int validCount, long first) =>
        new(size, seqLen, new int[size * seqLen], new int[size * seqLen], new int[size], validCount, first);

    public ReadOnlySpan<int> InputRow(int row) => Inputs.AsSpan(row * SeqLen, SeqLen);
    public ReadOnlySpan<int> LabelRow(int row) => Labels.AsSpan(row * SeqLen, SeqLen);
}
