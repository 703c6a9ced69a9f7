using HrmSharp.Modeling;
using static TorchSharp.torch;

namespace HrmSharp.Training.Data;

/// <summary>
/// Held-out data and how a model is scored on it. Every mode implements it: fixed-shape examples through
/// <see cref="IFixedShapeEvalSet"/> (the runner batches them; the set scores the predictions), in-context tasks through
/// Context.ContextEvalSet (variable shapes: it runs the model itself, with its own batching, voting and test-time training).
/// </summary>
public interface IEvaluationSet
{
    string Description { get; }

    /// <summary>Examples (fixed shape) or tasks (in context).</summary>
    int Count { get; }

    /// <summary>
    /// Runs <paramref name="model"/> over the set and scores it; with <paramref name="outDir"/>, writes report.json,
    /// summary.json and (when the set makes one) submission.json there.
    /// </summary>
    /// <param name="batchSize">Rows per forward pass (fixed shape; in-context batches are cut by a token budget).</param>
    /// <param name="segments">ACT segments to run (default: the model's halt_max_steps).</param>
    /// <param name="progress">Called with the number of examples done so far.</param>
    EvalResult Evaluate(ActModel model, int batchSize, Device device, string? outDir, int? segments, Action<int>? progress);
}

/// <summary>
/// Evaluation examples of one fixed shape: the runner only needs token ids; decoding, undoing augmentations, voting and
/// the report's shape are the set's business (Sudoku/mazes: exact and token accuracy; ARC: the reference's voting
/// protocol and a submission). Predictions can be computed in shards and scored together.
/// </summary>
public interface IFixedShapeEvalSet : IEvaluationSet
{
    int SeqLen { get; }

    /// <summary>Example <paramref name="index"/>: token ids, labels (-100 where unknown or unscored) and its puzzle identifier.</summary>
    void Fill(int index, Span<int> inputs, Span<int> labels, out int puzzleId);

    EvalResult Score(ModelPredictions predictions);

    EvalResult IEvaluationSet.Evaluate(ActModel model, int batchSize, Device device, string? outDir, int? segments, Action<int>? progress)
    {
        var result = Score(EvalRunner.Predict(model, this, batchSize, device, segments, progress));
        if (outDir is not null)
            EvalRunner.Write(result, outDir);
        return result;
    }
}
