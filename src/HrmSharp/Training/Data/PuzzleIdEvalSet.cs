using HrmSharp.Encoding;

namespace HrmSharp.Training.Data;

/// <summary>The evaluation examples of a fixed-shape dataset (Sudoku, mazes, synthetic), scored by exact and token accuracy.</summary>
public sealed class PuzzleIdEvalSet(IPuzzleIdDataset dataset, string description) : ExactMatchEvalSet
{
    public override string Description => description;
    public override int Count => dataset.EvaluationCount;
    public override int SeqLen => dataset.Scheme.SeqLen;
    protected override TokenScheme? GridScheme => dataset.Scheme.Name is "sudoku" or "maze" ? dataset.Scheme : null;

    public override void Fill(int index, Span<int> inputs, Span<int> labels, out int puzzleId)
    {
        dataset.EncodeEvaluation(index, inputs, labels);
        puzzleId = dataset.EvaluationPuzzleId(index);
    }
}
