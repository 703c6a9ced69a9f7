using System.Text.Json.Nodes;
using HrmSharp.Encoding;

namespace HrmSharp.Training.Data;

/// <summary>
/// Held-out examples with known answers, scored as the reference scores Sudoku and mazes: exact accuracy (every
/// labelled token right: the puzzle is solved) and token accuracy (mean over examples of the fraction of labelled
/// tokens right, givens included), plus the accuracy on the tokens the model had to change (label differs from
/// input: the blanks of a Sudoku, the path of a maze), which the givens do not inflate. When the examples are square
/// grids worth drawing (Sudoku, mazes), the report also carries the first <see cref="ShownPuzzles"/> as text rows
/// (puzzle, expected answer, the model's answer) for `hrm report` to show.
/// </summary>
public abstract class ExactMatchEvalSet : IFixedShapeEvalSet
{
    public abstract string Description { get; }
    public abstract int Count { get; }
    public abstract int SeqLen { get; }

    public abstract void Fill(int index, Span<int> inputs, Span<int> labels, out int puzzleId);

    /// <summary>Examples shown as grids in the report: enough to see what kind of mistakes the model makes.</summary>
    public const int ShownPuzzles = 12;

    /// <summary>The token scheme when examples are square grids worth drawing (Sudoku, mazes); null otherwise.</summary>
    protected virtual TokenScheme? GridScheme => null;

    /// <summary>An example's tokens as rows of text, one character per cell.</summary>
    private static JsonArray Rows(TokenScheme scheme, ReadOnlySpan<int> tokens, int side)
    {
        var rows = new JsonArray();
        for (int r = 0; r < side; r++)
        {
            var chars = new char[side];
            for (int c = 0; c < side; c++) chars[c] = scheme.Symbol(tokens[r * side + c]);
            rows.Add(new string(chars));
        }
        return rows;
    }

    public EvalResult Score(ModelPredictions predictions)
    {
        if (predictions.Count != Count) throw new ArgumentException($"{predictions.Count} predictions for {Count} examples");
        var inputs = new int[SeqLen];
        var labels = new int[SeqLen];
        int exact = 0;
        double tokenSum = 0;
        long changed = 0, changedRight = 0;
        var rows = new JsonArray();
        var puzzles = new JsonArray();
        var scheme = GridScheme;
        int side = (int)Math.Round(Math.Sqrt(SeqLen));
        if (side * side != SeqLen) scheme = null;
        var buckets = new SortedDictionary<int, (int Count, int Solved)>(); // by changed tokens, in tens
        for (int i = 0; i < Count; i++)
        {
            Fill(i, inputs, labels, out _);
            var pred = predictions.Row(i);
            int scored = 0, right = 0, rowChanged = 0, rowChangedRight = 0;
            for (int t = 0; t < SeqLen; t++)
            {
                if (labels[t] == Modeling.ActBatch.IgnoreLabel) continue;
                bool ok = pred[t] == labels[t];
                scored++;
                if (ok) right++;
                if (inputs[t] != labels[t])
                {
                    rowChanged++;
                    if (ok) rowChangedRight++;
                }
            }
            bool solved = right == scored;
            double tokenAccuracy = scored == 0 ? 0 : (double)right / scored;
            if (solved) exact++;
            tokenSum += tokenAccuracy;
            changed += rowChanged;
            changedRight += rowChangedRight;
            int bucket = Math.Max(0, rowChanged - 1) / 10;
            var (n, solvedSoFar) = buckets.GetValueOrDefault(bucket);
            buckets[bucket] = (n + 1, solvedSoFar + (solved ? 1 : 0));
            rows.Add(new JsonObject
            {
                ["index"] = i,
                ["solved"] = solved,
                ["token_accuracy"] = tokenAccuracy,
                ["changed_tokens"] = rowChanged,
                ["changed_tokens_right"] = rowChangedRight,
                ["q_halt_logit"] = predictions.QHaltLogits[i],
            });
            if (scheme is not null && i < ShownPuzzles)
                puzzles.Add(new JsonObject
                {
                    ["index"] = i,
                    ["solved"] = solved,
                    ["input"] = Rows(scheme, inputs, side),
                    ["expected"] = Rows(scheme, labels, side),
                    ["prediction"] = Rows(scheme, pred, side),
                });
        }

        var summary = new Dictionary<string, double>
        {
            ["examples"] = Count,
            ["exact_accuracy"] = Count == 0 ? 0 : (double)exact / Count,
            ["token_accuracy"] = Count == 0 ? 0 : tokenSum / Count,
            ["changed_token_accuracy"] = changed == 0 ? 0 : (double)changedRight / changed,
        };
        var report = new JsonObject
        {
            ["data"] = Description,
            ["summary"] = new JsonObject(summary.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)JsonValue.Create(kv.Value)))),
            // Difficulty breakdown: for Sudoku the changed tokens are the blanks, for mazes the path cells.
            ["exact_accuracy_by_changed_tokens"] = new JsonObject(buckets.Select(kv => KeyValuePair.Create(
                $"{kv.Key * 10 + 1}-{kv.Key * 10 + 10}",
                (JsonNode?)new JsonObject { ["examples"] = kv.Value.Count, ["exact_accuracy"] = (double)kv.Value.Solved / kv.Value.Count }))),
            ["examples"] = rows,
        };
        if (scheme is not null)
        {
            report["puzzle_kind"] = scheme.Name;
            report["puzzles"] = puzzles;
        }
        return new EvalResult(summary, report);
    }
}
