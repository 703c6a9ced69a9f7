namespace HrmSharp.Training.Data;

/// <summary>
/// Held-out examples and how to score the model's predictions on them. The runner only needs token ids; decoding,
/// undoing augmentations, voting and the report's shape are the set's business (Sudoku/mazes: exact and token
/// accuracy; ARC: the reference's voting protocol and a submission).
/// </summary>
public interface IEvaluationSet
{
    string Description { get; }

    int Count { get; }

    int SeqLen { get; }

    /// <summary>Example <paramref name="index"/>: token ids, labels (-100 where unknown or unscored) and its puzzle identifier.</summary>
    void Fill(int index, Span<int> inputs, Span<int> labels, out int puzzleId);

    EvalResult Score(ModelPredictions predictions);
}
