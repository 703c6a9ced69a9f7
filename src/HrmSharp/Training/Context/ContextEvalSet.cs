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
/// evaluation tasks'. With test-time training (<paramref name="ttt"/>), each unseen evaluation task is answered by a copy
/// fine-tuned on its own demos; the training tasks' test inputs are answered as before (their demos were trained on).
/// </summary>
public sealed class ContextEvalSet(IReadOnlyList<ArcTask> trainTasks, IReadOnlyList<ArcTask> evalTasks, int views, int seed, int tokensPerBatch,
    TttOptions? ttt = null, Action<TttResult>? adapted = null, ContextLayout layout = ContextLayout.Packed,
    CanvasRule canvas = CanvasRule.Max, int seenEvalTasks = 0)
    : IEvaluationSet
{
    /// <summary>Says what was scored; evaluation tasks the checkpoint's training data also holds (<c>hrm eval</c> on a
    /// training folder, a legitimate diagnostic) are counted, not called unseen.</summary>
    public string Description =>
        $"in context ({OptionValue.Name(layout)}): test inputs of {trainTasks.Count} training tasks and {evalTasks.Count} " +
        (seenEvalTasks == 0 ? "unseen evaluation tasks" : $"evaluation tasks ({seenEvalTasks} of them in the training data, so not unseen)") +
        $", {views} augmented views each" +
        (ttt is { Enabled: true } t ? $"; test-time training on each evaluation task's demos ({TttDescription(t)})" : "");

    /// <summary>The same set with test-time training on the evaluation tasks (disabled options: none); <paramref name="onAdapted"/> hears about each task.</summary>
    public ContextEvalSet WithTtt(TttOptions options, Action<TttResult>? onAdapted = null) =>
        new(trainTasks, evalTasks, views, seed, tokensPerBatch, options, onAdapted, layout, canvas, seenEvalTasks);

    public static string TttDescription(TttOptions t) =>
        string.Join(", ", new[]
        {
            t.Steps > 0 ? $"{t.Steps} steps" : null,
            t.Minutes > 0 ? $"{t.Minutes:0.##} min" : null,
            $"lr {t.Lr:G3}", $"params {t.Params.Name()}", $"seed {t.Seed}",
        }.Where(x => x is not null));
    public int Count => evalTasks.Sum(t => t.Test.Count);

    /// <summary>Chunks of each set ("train", "eval") as <see cref="ContextPredictor"/> answers them.</summary>
    public IReadOnlyDictionary<string, int> ChunkCounts
    {
        get
        {
            int Chunks(int tasks, bool adapted) => (tasks + ContextPredictor.ChunkSize(adapted) - 1) / ContextPredictor.ChunkSize(adapted);
            // The training tasks' test inputs are answered without TTT (their demos were trained on).
            return new Dictionary<string, int> { ["train"] = Chunks(trainTasks.Count, false), ["eval"] = Chunks(evalTasks.Count, ttt is { Enabled: true }) };
        }
    }

    /// <summary>The test-time training options this set applies to its evaluation tasks (null: none).</summary>
    public TttOptions? Ttt => ttt is { Enabled: true } ? ttt : null;
    /// <summary>Answers every task (batches cut by the token budget; every ACT segment of the model, whatever <paramref name="segments"/> says).</summary>
    public EvalResult Evaluate(ActModel model, int batchSize, Device device, string? outDir, int? segments, Action<int>? progress) =>
        Evaluate(model, device, outDir, null);

    /// <summary>
    /// Tasks are answered in chunks (<see cref="ContextPredictor.TasksPerChunk"/>); <paramref name="chunks"/> (per set:
    /// "train", "eval") says which to compute and keeps their outcomes, for sharded evaluation: a shard computes its chunks
    /// (pass no <paramref name="outDir"/>), a merge computes none and replays every shard's, which gives the unsharded result.
    /// </summary>
    public EvalResult Evaluate(ActModel model, Device device, string? outDir, Func<string, ChunkPlan>? chunks)
    {
        var summary = new Dictionary<string, double>();
        var labels = new Dictionary<string, string>();
        JsonObject report = new();
        JsonNode? submission = null;
        var warnings = new List<string>();
        var breakdowns = new Dictionary<string, FamilyBreakdown>();
        foreach (var (name, tasks) in new[] { ("train", trainTasks), ("eval", evalTasks) })
        {
            if (tasks.Count == 0) continue;
            var refinements = name == "eval" && (outDir is not null || chunks is not null) ? new List<RefinementStep>() : null;
            var tuning = name == "eval" && ttt is { Enabled: true } ? new TestTimeTraining(ttt, device) : null;
            var predictor = new ContextPredictor(model, device, tokensPerBatch, tuning, layout, canvas);
            var prediction = predictor.Predict(tasks, views, seed, refinements: refinements, adapted: adapted, chunks: chunks?.Invoke(name));
            var result = prediction.Evaluator.Result();
            summary[$"{name}_tasks"] = result.ScoredTasks;
            summary[$"{name}_seconds_per_task"] = prediction.Seconds / tasks.Count;
            foreach (var (k, rate) in result.PassAtK)
                summary[$"{name}_pass@{k}"] = rate;
            summary[$"{name}_exact_accuracy"] = prediction.Identity.ExactAccuracy;
            summary[$"{name}_size_accuracy"] = prediction.Identity.SizeAccuracy;
            summary[$"{name}_token_accuracy"] = prediction.Identity.TokenAccuracy;
            summary[$"{name}_colour_accuracy"] = prediction.Identity.ColourAccuracy;
            summary[$"{name}_answers"] = result.Answers;
            summary[$"{name}_distinct_answers"] = result.DistinctAnswers;
            summary[$"{name}_single_colour_answers"] = result.SingleColourAnswers;
            if (prediction.Skipped.Count > 0)
                summary[$"{name}_too_long"] = prediction.Skipped.Count;
            warnings.AddRange(prediction.Skipped.Select(s => $"{name}: {s.Message}"));
            if (FamilyBreakdown.Of(result.TaskReports, prediction.IdentityScores) is { } breakdown)
                breakdowns[name] = breakdown;
            if (name == "eval")
            {
                report = (JsonObject)JsonNode.Parse(EvaluationReportWriter.ToUtf8(result))!;
                // The voting evaluator sees decoded grids, not tokens, so its token figures are empty here: the report's
                // headline takes the identity view's answer scores instead (the same numbers as summary.json's eval_*).
                if (report["summary"] is JsonObject head)
                {
                    head["token_accuracy"] = prediction.Identity.TokenAccuracy;
                    head["exact_accuracy"] = prediction.Identity.ExactAccuracy;
                    head["size_accuracy"] = prediction.Identity.SizeAccuracy;
                    head["colour_accuracy"] = prediction.Identity.ColourAccuracy;
                }
                AddSteps(report, refinements);
                if (tuning is not null)
                    AddTtt(summary, labels, report, tuning.Options, prediction.Ttt);
                submission = JsonNode.Parse(SubmissionWriter.ToUtf8(prediction.Evaluator.Submission()));
            }
        }
        var evalResult = new EvalResult(summary, report, submission, labels) { Warnings = warnings, Breakdowns = breakdowns };
        if (outDir is not null)
            EvalRunner.Write(evalResult, outDir);
        return evalResult;
    }

    /// <summary>TTT settings and per-task means into the summary (ttt_*), and each task's TTT record into the report.</summary>
    internal static void AddTtt(Dictionary<string, double> summary, Dictionary<string, string> labels, JsonObject report,
        TttOptions options, IReadOnlyList<TttResult> results)
    {
        summary["ttt_steps"] = options.Steps;
        summary["ttt_minutes"] = options.Minutes;
        summary["ttt_lr"] = options.Lr;
        summary["ttt_tokens_per_batch"] = options.TokensPerBatch;
        summary["ttt_seed"] = options.Seed;
        labels["ttt_params"] = options.Params.Name();
        var adapted = results.Where(r => r.Skipped is null).ToList();
        summary["ttt_tasks_adapted"] = adapted.Count;
        summary["ttt_tasks_skipped"] = results.Count - adapted.Count;
        if (results.Count > 0)
            summary["ttt_seconds_per_task"] = results.Average(r => r.Seconds);
        if (adapted.Count > 0)
        {
            summary["ttt_mean_steps"] = adapted.Average(r => r.Steps);
            summary["ttt_mean_first_loss"] = adapted.Average(r => r.FirstLoss);
            summary["ttt_mean_last_loss"] = adapted.Average(r => r.LastLoss);
        }
        var byId = results.ToDictionary(r => r.TaskId);
        if (report["tasks"] is not JsonArray tasks) return;
        foreach (var task in tasks.OfType<JsonObject>())
            if (task["task_id"]?.GetValue<string>() is { } id && byId.TryGetValue(id, out var r))
                task["ttt"] = new JsonObject
                {
                    ["steps"] = r.Steps,
                    ["sequences"] = r.Sequences,
                    ["first_loss"] = double.IsNaN(r.FirstLoss) ? null : r.FirstLoss,
                    ["last_loss"] = double.IsNaN(r.LastLoss) ? null : r.LastLoss,
                    ["seconds"] = r.Seconds,
                    ["skipped"] = r.Skipped,
                };
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
