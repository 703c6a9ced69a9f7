using System.Text.Json.Nodes;
using HrmSharp.Data;
using HrmSharp.Encoding;
using HrmSharp.Evaluation;

namespace HrmSharp.Training.Data;

/// <summary>
/// ARC evaluation by the reference protocol: each test input of each evaluation task is predicted under the first
/// <c>views</c> of its task's augmentations (its puzzle identifiers), each prediction is cropped at the EOS border,
/// mapped back and votes (<see cref="ArcEvaluator"/>); summary pass@k, token and exact accuracy; per-task report and
/// an ARC Prize submission.
/// </summary>
public sealed class ArcEvalSet : IFixedShapeEvalSet
{
    private readonly ArcPuzzleIdDataset _dataset;
    private readonly int[] _examples; // indices into _dataset.Evaluation
    private readonly HashSet<string> _taskIds;

    /// <param name="views">Augmented views per test input (0 = every augmentation the task has).</param>
    /// <param name="maxTasks">Evaluate only the first N evaluation tasks in id order (0 = all).</param>
    public ArcEvalSet(ArcPuzzleIdDataset dataset, int views, int maxTasks)
    {
        _dataset = dataset;
        var tasks = dataset.EvaluationTasks.Select(t => t.Id).Order(StringComparer.Ordinal);
        _taskIds = (maxTasks > 0 ? tasks.Take(maxTasks) : tasks).ToHashSet(StringComparer.Ordinal);
        _examples = Enumerable.Range(0, dataset.EvaluationCount).Where(i =>
        {
            var e = dataset.Evaluation[i];
            if (!_taskIds.Contains(e.TaskId)) return false;
            if (views <= 0) return true;
            var augs = dataset.Augmentations(e.TaskIndex);
            for (int a = 0; a < Math.Min(views, augs.Count); a++)
                if (augs[a] == e.Augmentation) return true;
            return false;
        }).ToArray();
        Views = views;
    }

    public int Views { get; }
    public string Description =>
        $"ARC: {_taskIds.Count} evaluation tasks, {_examples.Length} predictions ({(Views > 0 ? $"up to {Views}" : "all")} augmented views per test input)";
    public int Count => _examples.Length;
    public int SeqLen => _dataset.Scheme.SeqLen;

    public void Fill(int index, Span<int> inputs, Span<int> labels, out int puzzleId)
    {
        int i = _examples[index];
        _dataset.EncodeEvaluation(i, inputs, labels);
        puzzleId = _dataset.EvaluationPuzzleId(i);
    }

    public EvalResult Score(ModelPredictions predictions)
    {
        var evaluator = new ArcEvaluator(_dataset.EvaluationTasks.Where(t => _taskIds.Contains(t.Id)));
        for (int k = 0; k < _examples.Length; k++)
            evaluator.Add(_dataset.Evaluation[_examples[k]], predictions.Row(k), predictions.QHaltLogits[k]);
        var result = evaluator.Result();
        var summary = new Dictionary<string, double>
        {
            ["tasks"] = result.ScoredTasks,
            ["token_accuracy"] = result.TokenAccuracy,
            ["exact_accuracy"] = result.ExactAccuracy,
        };
        foreach (var (k, rate) in result.PassAtK)
            summary[$"pass@{k}"] = rate;
        summary["answers"] = result.Answers;
        summary["distinct_answers"] = result.DistinctAnswers;
        summary["single_colour_answers"] = result.SingleColourAnswers;
        summary["invalid_predictions"] = result.Predictions == 0 ? 0 : (double)result.InvalidPredictions / result.Predictions;
        var report = (JsonObject)JsonNode.Parse(EvaluationReportWriter.ToUtf8(result))!;
        var submission = JsonNode.Parse(SubmissionWriter.ToUtf8(evaluator.Submission()));
        return new EvalResult(summary, report, submission);
    }
}
