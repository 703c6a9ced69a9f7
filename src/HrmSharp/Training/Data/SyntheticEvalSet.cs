namespace HrmSharp.Training.Data;

/// <summary>Held-out reverse-task sequences: indices after the training range, so none was trained on.</summary>
public sealed class SyntheticEvalSet(SyntheticData data, int count) : ExactMatchEvalSet
{
    public override string Description => $"synthetic reverse task: {count} held-out sequences";
    public override int Count => count;
    public override int SeqLen => data.SeqLen;

    public override void Fill(int index, Span<int> inputs, Span<int> labels, out int puzzleId)
    {
        data.Example(data.Count + index, inputs, labels);
        puzzleId = 0;
    }
}
