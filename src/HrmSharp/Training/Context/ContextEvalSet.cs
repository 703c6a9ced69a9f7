using System.Text.Json.Nodes;
using HrmSharp.Data;
using HrmSharp.Encoding.Context;
using HrmSharp.Evaluation;
using HrmSharp.Modeling;
using HrmSharp.Training.Data;
using static TorchSharp.torch;

namespace HrmSharp.Training.Context;

/// <summary>
/// In-context evaluation on two sets: the held-out test inputs of the training tasks (their demos were trained on, the
/// test pairs were not) and the evaluation tasks, never seen. Each is solved by <see cref="ContextPredictor"/> with
/// augmented voting; the summary carries both (keys prefixed train_ and eval_), the report and submission are the
/// evaluation tasks'.
/// </summary>
public sealed class ContextEvalSet(IReadOnlyList<ArcTask> trainTasks, IReadOnlyList<ArcTask> evalTasks, int views, int seed, int tokensPerBatch,
    ContextLayout layout = ContextLayout.Packed)
    : IEvaluationSet, ISelfEvaluatingSet
{
    public string Description => $"in context ({OptionValue.Name(layout)}): test inputs of {trainTasks.Count} training tasks and {evalTasks.Count} unseen evaluation tasks, {views} augmented views each";
    public int Count => evalTasks.Sum(t => t.Test.Count);
    public int SeqLen => 0;

    public void Fill(int index, Span<int> inputs, Span<int> labels, out int puzzleId) =>
        throw new NotSupportedException("in-context evaluation runs the model itself (ISelfEvaluatingSet)");

    public EvalResult Score(ModelPredictions predictions) =>
        throw new NotSupportedException("in-context evaluation runs the model itself (ISelfEvaluatingSet)");

    public EvalResult Evaluate(ActModel model, Device device, string? outDir)
    {
        var predictor = new ContextPredictor(model, device, tokensPerBatch, layout);
        var summary = new Dictionary<string, double>();
        JsonObject report = new();
        JsonNode? submission = null;
        var warnings = new List<string>();
        var breakdowns = new Dictionary<string, FamilyBreakdown>();
        foreach (var (name, tasks) in new[] { ("train", trainTasks), ("eval", evalTasks) })
        {
            if (tasks.Count == 0) continue;
            var refinements = name == "eval" && outDir is not null ? new List<RefinementStep>() : null;
            var prediction = predictor.Predict(tasks, views, seed, refinements: refinements);
            var result = prediction.Evaluator.Result();
            summary[$"{name}_tasks"] = result.ScoredTasks;
            foreach (var (k, rate) in result.PassAtK)
                summary[$"{name}_pass@{k}"] = rate;
            summary[$"{name}_exact_accuracy"] = prediction.Identity.ExactAccuracy;
            summary[$"{name}_size_accuracy"] = prediction.Identity.SizeAccuracy;
            summary[$"{name}_token_accuracy"] = prediction.Identity.TokenAccuracy;
            if (prediction.Skipped.Count > 0)
                summary[$"{name}_too_long"] = prediction.Skipped.Count;
            warnings.AddRange(prediction.Skipped.Select(s => $"{name}: {s.Message}"));
            if (FamilyBreakdown.Of(result.TaskReports, prediction.IdentityScores) is { } breakdown)
                breakdowns[name] = breakdown;
            if (name == "eval")
            {
                report = (JsonObject)JsonNode.Parse(EvaluationReportWriter.ToUtf8(result))!;
                AddSteps(report, refinements);
                submission = JsonNode.Parse(SubmissionWriter.ToUtf8(prediction.Evaluator.Submission()));
            }
        }
        var evalResult = new EvalResult(summary, report, submission) { Warnings = warnings, Breakdowns = breakdowns };
        if (outDir is not null)
            EvalRunner.Write(evalResult, outDir);
        return evalResult;
    }

    /// <summary>Adds each test input's identity-view answer after every ACT step ("steps") for the visual report.</summary>
    internal static void AddSteps(JsonObject report, List<RefinementStep>? steps)
    {
        if (steps is null || report["tasks"] is not JsonArray tasks) return;
        var byTest = steps.GroupBy(s => (s.TaskId, s.TestIndex)).ToDictionary(g => g.Key, g => g.OrderBy(s => s.Step).ToList());
        foreach (var task in tasks.OfType<JsonObject>())
        {
            string? id = task["task_id"]?.GetValue<string>();
            if (id is null || task["tests"] is not JsonArray tests) continue;
            foreach (var test in tests.OfType<JsonObject>())
            {
                int index = test["index"]?.GetValue<int>() ?? -1;
                if (!byTest.TryGetValue((id, index), out var list)) continue;
                test["steps"] = new JsonArray([.. list.Select(s => (JsonNode)new JsonObject
                {
                    ["step"] = s.Step,
                    ["grid"] = s.Grid is null ? null : new JsonArray([.. s.Grid.ToRows().Select(r => (JsonNode)new JsonArray([.. r.Select(v => (JsonNode)JsonValue.Create(v))]))]),
                    ["q_halt"] = 1.0 / (1.0 + Math.Exp(-s.QHaltLogit)),
                })]);
            }
        }
    }
}
