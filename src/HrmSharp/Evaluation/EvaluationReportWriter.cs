using System.Text.Json;
using HrmSharp.Data;
using HrmSharp.IO;

namespace HrmSharp.Evaluation;

/// <summary>
/// The per-task evaluation report as JSON, written atomically:
/// <code>
/// {"summary": {"tasks", "scored_tasks", "pass@k": {"1": …}, "fractional_pass@k": {…}, "token_accuracy", "exact_accuracy",
///              "identity_sequences", "predictions", "invalid_predictions"},
///  "tasks": [{"task_id", "solved_at", "tests": [{"index", "expected", "correct_rank", "predictions", "distinct_candidates",
///             "attempts": [{"rank", "grid", "votes", "mean_q", "correct"}]}]}]}
/// </code>
/// Grids are lists of rows; "expected" and "correct" are null when the answer is unknown.
/// </summary>
public static class EvaluationReportWriter
{
    public static void Write(string path, ArcEvaluationResult result) => AtomicFile.WriteAllBytes(path, ToUtf8(result));

    public static byte[] ToUtf8(ArcEvaluationResult result)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteStartObject("summary");
            w.WriteNumber("tasks", result.Tasks);
            w.WriteNumber("scored_tasks", result.ScoredTasks);
            WriteRates(w, "pass@k", result.PassAtK);
            WriteRates(w, "fractional_pass@k", result.FractionalPassAtK);
            w.WriteNumber("token_accuracy", result.TokenAccuracy);
            w.WriteNumber("exact_accuracy", result.ExactAccuracy);
            w.WriteNumber("identity_sequences", result.IdentitySequences);
            w.WriteNumber("predictions", result.Predictions);
            w.WriteNumber("invalid_predictions", result.InvalidPredictions);
            w.WriteEndObject();

            w.WriteStartArray("tasks");
            foreach (var task in result.TaskReports)
            {
                w.WriteStartObject();
                w.WriteString("task_id", task.TaskId);
                WriteNullableInt(w, "solved_at", task.SolvedAt);
                w.WriteStartArray("tests");
                foreach (var test in task.Tests) WriteTest(w, test);
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteTest(Utf8JsonWriter w, TestInputReport test)
    {
        w.WriteStartObject();
        w.WriteNumber("index", test.Index);
        w.WritePropertyName("expected");
        WriteGrid(w, test.Expected);
        WriteNullableInt(w, "correct_rank", test.CorrectRank);
        w.WriteNumber("predictions", test.Predictions);
        w.WriteNumber("distinct_candidates", test.DistinctCandidates);
        w.WriteStartArray("attempts");
        for (int i = 0; i < test.Attempts.Count; i++)
        {
            var a = test.Attempts[i];
            w.WriteStartObject();
            w.WriteNumber("rank", i + 1);
            w.WritePropertyName("grid");
            WriteGrid(w, a.Grid);
            w.WriteNumber("votes", a.Votes);
            w.WriteNumber("mean_q", a.MeanQ);
            if (test.Expected is null) w.WriteNull("correct");
            else w.WriteBoolean("correct", a.Grid == test.Expected);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteRates(Utf8JsonWriter w, string name, IReadOnlyDictionary<int, double> rates)
    {
        w.WriteStartObject(name);
        foreach (var (k, v) in rates.OrderBy(kv => kv.Key)) w.WriteNumber(k.ToString(System.Globalization.CultureInfo.InvariantCulture), v);
        w.WriteEndObject();
    }

    private static void WriteNullableInt(Utf8JsonWriter w, string name, int? value)
    {
        if (value is { } v) w.WriteNumber(name, v);
        else w.WriteNull(name);
    }

    private static void WriteGrid(Utf8JsonWriter w, Grid? grid)
    {
        if (grid is null)
        {
            w.WriteNullValue();
            return;
        }
        w.WriteStartArray();
        for (int r = 0; r < grid.Rows; r++)
        {
            w.WriteStartArray();
            for (int c = 0; c < grid.Cols; c++) w.WriteNumberValue(grid[r, c]);
            w.WriteEndArray();
        }
        w.WriteEndArray();
    }
}
