using System.Text.Json.Nodes;
using HrmSharp.IO;
using HrmSharp.Modeling;
using HrmSharp.Runtime;
using HrmSharp.Training.Data;
using static TorchSharp.torch;

namespace HrmSharp.Training;

/// <summary>
/// Runs a model over evaluation examples in batches, in eval mode and without gradients, for every ACT segment
/// (evaluation never halts early), and keeps each example's final argmax tokens and q_halt logit for the set to score.
/// </summary>
public static class EvalRunner
{
    /// <param name="segments">ACT segments to run (default: the model's halt_max_steps; fewer stops early).</param>
    /// <param name="progress">Called with the number of examples done so far.</param>
    public static ModelPredictions Predict(ActModel model, IFixedShapeEvalSet set, int batchSize, Device device, int? segments = null, Action<int>? progress = null)
    {
        var predictions = new ModelPredictions(set.Count, model.Config.SeqLen);
        ForEachBatch(model, set, batchSize, device, segments, _ => true, (_, start, tokens, q) =>
        {
            tokens.CopyTo(predictions.Tokens.AsSpan(start * predictions.SeqLen));
            q.CopyTo(predictions.QHaltLogits.AsSpan(start));
            progress?.Invoke(start + q.Length);
        });
        return predictions;
    }

    /// <summary>The rows an evaluation batch of <paramref name="examples"/> examples actually holds (never more than there are).</summary>
    public static int EffectiveBatchSize(int batchSize, int examples) => Math.Min(batchSize, Math.Max(examples, 1));

    /// <summary>How many evaluation batches <see cref="ForEachBatch"/> makes of <paramref name="examples"/> examples (the last one shorter).</summary>
    public static int BatchCount(int examples, int batchSize) =>
        (examples + EffectiveBatchSize(batchSize, examples) - 1) / EffectiveBatchSize(batchSize, examples);

    /// <summary>
    /// Runs the model over the batches <paramref name="wanted"/> selects (batch k holds examples [k·batchSize, ...)), and
    /// hands each batch's argmax tokens [rows·S] and q_halt logits [rows] to <paramref name="done"/> with its index and
    /// first example. A batch's numbers depend only on its own rows, so any subset of batches (a shard) computes exactly
    /// what the whole run computes for them.
    /// </summary>
    public static void ForEachBatch(ActModel model, IFixedShapeEvalSet set, int batchSize, Device device, int? segments,
        Func<int, bool> wanted, Action<int, int, int[], float[]> done)
    {
        int seqLen = model.Config.SeqLen;
        if (set.SeqLen != seqLen)
            throw new HrmException($"evaluation examples have {set.SeqLen} tokens but the model was trained on {seqLen}");
        int runs = segments ?? model.Config.HaltMaxSteps;
        if (runs < 1 || runs > model.Config.HaltMaxSteps)
            throw new HrmException($"evaluation segments must be in 1..{model.Config.HaltMaxSteps} (halt_max_steps), got {runs}");

        var batch = new TrainingBatch(EffectiveBatchSize(batchSize, set.Count), seqLen);
        bool wasTraining = model.training;
        model.eval();
        try
        {
            using var noGrad = no_grad();
            for (int k = 0, start = 0; start < set.Count; k++, start += batch.BatchSize)
            {
                if (!wanted(k)) continue;
                int rows = Math.Min(batch.BatchSize, set.Count - start);
                for (int r = 0; r < rows; r++)
                    set.Fill(start + r, batch.InputRow(r), batch.LabelRow(r), out batch.PuzzleIds[r]);

                using var quiet = new GcQuietZone(); // see GcQuietZone: TorchSharp's temporary Scalars
                using var scope = NewDisposeScope();
                var act = batch.ToTensors(device, rows);
                var outputs = ActSegments.Run(model, act, runs);
                var tokens = outputs.Logits.argmax(-1).to(ScalarType.Int32).cpu().data<int>().ToArray(); // [rows·S]
                var q = outputs.QHaltLogits.to(ScalarType.Float32).cpu().data<float>().ToArray();
                done(k, start, tokens, q);
            }
        }
        finally
        {
            model.train(wasTraining);
        }
    }

    /// <summary>Predicts and scores; with <paramref name="outDir"/>, writes report.json, summary.json and (when the set makes one) submission.json.</summary>
    public static EvalResult Evaluate(ActModel model, IEvaluationSet set, int batchSize, Device device, string? outDir = null, int? segments = null,
        Action<int>? progress = null) =>
        set.Evaluate(model, batchSize, device, outDir, segments, progress);

    public static void Write(EvalResult result, string outDir)
    {
        Directory.CreateDirectory(outDir);
        var options = new System.Text.Json.JsonSerializerOptions { WriteIndented = true };
        var summary = new JsonObject(result.Summary.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)JsonValue.Create(kv.Value))));
        foreach (var (key, text) in result.Labels ?? new Dictionary<string, string>())
            summary[key] = text;
        foreach (var (set, breakdown) in result.Breakdowns.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            var json = breakdown.ToJson();
            summary[$"{set}_families"] = json["families"]!.DeepClone();
            summary[$"{set}_categories"] = json["categories"]!.DeepClone();
        }
        AtomicFile.WriteAllText(Path.Combine(outDir, "summary.json"), summary.ToJsonString(options));
        AtomicFile.WriteAllText(Path.Combine(outDir, "report.json"), result.Report.ToJsonString(options));
        if (result.Submission is not null)
            AtomicFile.WriteAllText(Path.Combine(outDir, "submission.json"), result.Submission.ToJsonString());
    }
}
