using HrmSharp.IO;
using System.Globalization;
using System.Text.Json;
using HrmSharp.Data;
using HrmSharp.Evaluation;

namespace HrmSharp.Reporting;

/// <summary>
/// Reads the evaluator's per-task report (src/HrmSharp/Evaluation/EvaluationReportWriter) for display:
/// <code>
/// {"summary": {"pass@k": {"1": x, "2": x}, "token_accuracy": x, "exact_accuracy": x, ...any numbers},
///  "tasks_path": "folder or file of the tasks"?,
///  "tasks": [{"task_id": "id",
///             "train": [{"input": G, "output": G}]?,
///             "tests": [{"index": 0, "input": G?, "expected": G|null, "correct_rank": n|null,
///                        "predictions": n, "distinct_candidates": n,
///                        "attempts": [{"rank": 1, "grid": G, "votes": n, "mean_q": x, "correct": bool|null}],
///                        "steps": [{"step": 1, "grid": G|null, "q_halt": x}]?}]}]}
/// </code>
/// Fields marked ? are optional additions for the report: "train" and "input" spare looking the task files up,
/// "steps" is the identity view's prediction after each ACT step with sigmoid(q_halt) ("q_halt_logit", the raw logit,
/// is accepted instead). Fields the viewer does not use are passed over so the evaluator can add more. Correctness is
/// recomputed from the grids when the expected output is known. A report without "tasks" (Sudoku/maze summaries) gives
/// a summary only, plus, for Sudoku and mazes, "puzzle_kind" and "puzzles": [{"index": n, "solved": bool, "input":
/// ["row", ...], "expected": [...], "prediction": [...]}] (rows of text, one character per cell, all of one shape).
/// Structural problems are collected, one line each, into one <see cref="HrmException"/>.
/// </summary>
public static class EvalReportReader
{
    public static EvalReport Read(string path)
    {
        byte[] bytes = InputFile.ReadAllBytes(path);
        return Parse(bytes, Path.GetFileName(path));
    }

    public static EvalReport Parse(ReadOnlyMemory<byte> utf8, string file)
    {
        using (var doc = JsonInput.Parse(utf8, file))
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new HrmException($"{file}: expected an evaluation report object, found {GridJson.Describe(root)}");
            var problems = new List<string>();
            var summary = root.TryGetProperty("summary", out var s) ? ReadSummary(s, file, problems) : EvalSummary.Empty;
            var tasks = ReadList(root, "tasks", file, problems, ReadTask);
            string? tasksPath = root.TryGetProperty("tasks_path", out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
            var puzzles = ReadList(root, "puzzles", file, problems, ReadPuzzle);
            string? kind = root.TryGetProperty("puzzle_kind", out var k) && k.ValueKind == JsonValueKind.String ? k.GetString() : null;
            HrmException.ThrowIfAny(problems);
            return new EvalReport(summary, tasks, tasksPath) { Puzzles = puzzles, PuzzleKind = kind };
        }
    }

    private static EvalSummary ReadSummary(JsonElement e, string file, List<string> problems)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            problems.Add($"{file}: \"summary\" should be an object, found {GridJson.Describe(e)}");
            return EvalSummary.Empty;
        }
        var values = new List<KeyValuePair<string, double>>();
        Flatten(e, "", values);
        var map = values.GroupBy(kv => kv.Key).ToDictionary(g => g.Key, g => g.First().Value);
        var passAtK = new SortedDictionary<int, double>();
        foreach (var (key, v) in values)
            if (key.StartsWith("pass@", StringComparison.Ordinal) && int.TryParse(key.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out int k))
                passAtK.TryAdd(k, v);
        double? Get(params string[] keys) => keys.Select(k => map.TryGetValue(k, out double v) ? v : (double?)null).FirstOrDefault(v => v is not null);
        return new EvalSummary(passAtK, Get("token_accuracy", "accuracy"), Get("exact_accuracy"), values);
    }

    /// <summary>Numbers at any depth; "pass@k": {"1": x} reads as "pass@1", other nesting as "outer.inner".</summary>
    private static void Flatten(JsonElement e, string prefix, List<KeyValuePair<string, double>> values)
    {
        foreach (var prop in e.EnumerateObject())
        {
            string key = prefix.Length == 0 ? prop.Name : prefix.EndsWith('@') ? prefix + prop.Name : $"{prefix}.{prop.Name}";
            if (prop.Value.ValueKind == JsonValueKind.Number) values.Add(new(key, prop.Value.GetDouble()));
            else if (prop.Value.ValueKind == JsonValueKind.Object)
                Flatten(prop.Value, key.EndsWith("@k", StringComparison.Ordinal) ? key[..^1] : key, values);
        }
    }

    /// <summary>The optional list <paramref name="name"/>, each entry read by <paramref name="read"/> (null: a problem was noted).</summary>
    private static List<T> ReadList<T>(JsonElement root, string name, string file, List<string> problems,
        Func<JsonElement, string, List<string>, T?> read) where T : class
    {
        var items = new List<T>();
        if (!root.TryGetProperty(name, out var list)) return items;
        if (list.ValueKind != JsonValueKind.Array)
        {
            problems.Add($"{file}: \"{name}\" should be a list, found {GridJson.Describe(list)}");
            return items;
        }
        foreach (var (entry, i) in list.EnumerateArray().Select((e, i) => (e, i)))
            if (read(entry, $"{file}: {name}[{i}]", problems) is { } item) items.Add(item);
        return items;
    }

    private static ReportPuzzle? ReadPuzzle(JsonElement e, string where, List<string> problems)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            problems.Add($"{where}: expected a puzzle object, found {GridJson.Describe(e)}");
            return null;
        }
        int before = problems.Count;
        int index = e.TryGetProperty("index", out var ix) && ix.ValueKind == JsonValueKind.Number && ix.TryGetInt32(out int n) ? n : -1;
        if (index < 0) problems.Add($"{where}: missing \"index\" (a whole number)");
        bool? solved = e.TryGetProperty("solved", out var s) && s.ValueKind is JsonValueKind.True or JsonValueKind.False ? s.GetBoolean() : null;
        if (solved is null) problems.Add($"{where}: missing \"solved\" (true or false)");
        IReadOnlyList<string>? Rows(string name)
        {
            if (!e.TryGetProperty(name, out var rows) || rows.ValueKind != JsonValueKind.Array || rows.GetArrayLength() == 0
                || rows.EnumerateArray().Any(r => r.ValueKind != JsonValueKind.String))
            {
                problems.Add($"{where}: \"{name}\" should be a non-empty list of text rows");
                return null;
            }
            return [.. rows.EnumerateArray().Select(r => r.GetString()!)];
        }
        var input = Rows("input");
        var expected = Rows("expected");
        var prediction = Rows("prediction");
        if (input is not null && expected is not null && prediction is not null)
        {
            static string Shape(IReadOnlyList<string> g) => $"{g.Count}x{(g.Select(r => r.Length).Distinct().Count() == 1 ? g[0].Length : -1)}";
            if (Shape(input).EndsWith("x-1", StringComparison.Ordinal) || Shape(input) != Shape(expected) || Shape(input) != Shape(prediction))
                problems.Add($"{where}: \"input\", \"expected\" and \"prediction\" should be grids of one shape " +
                             $"(rows {Shape(input)}, {Shape(expected)}, {Shape(prediction)})");
        }
        return problems.Count > before ? null : new ReportPuzzle(index, solved!.Value, input!, expected!, prediction!);
    }

    private static ReportTask? ReadTask(JsonElement e, string where, List<string> problems)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            problems.Add($"{where}: expected a task object, found {GridJson.Describe(e)}");
            return null;
        }
        if (!e.TryGetProperty("task_id", out var idElement) || idElement.ValueKind != JsonValueKind.String)
        {
            problems.Add($"{where}: missing \"task_id\" (a string)");
            return null;
        }
        string id = idElement.GetString()!;
        where = $"{where} (task {id})";
        int before = problems.Count;

        var demos = new List<Pair>();
        if (e.TryGetProperty("train", out var train))
        {
            if (train.ValueKind != JsonValueKind.Array) problems.Add($"{where}: \"train\" should be a list of pairs, found {GridJson.Describe(train)}");
            else
                foreach (var (pair, i) in train.EnumerateArray().Select((p, i) => (p, i)))
                {
                    var input = Required(pair, "input", $"{where}.train[{i}]", problems);
                    var output = Required(pair, "output", $"{where}.train[{i}]", problems);
                    if (input is not null && output is not null) demos.Add(new Pair(input, output));
                }
        }

        var tests = new List<ReportTest>();
        if (!e.TryGetProperty("tests", out var testsElement) || testsElement.ValueKind != JsonValueKind.Array)
            problems.Add($"{where}: missing \"tests\" (a list with one entry per test input)");
        else
            foreach (var (test, i) in testsElement.EnumerateArray().Select((t, i) => (t, i)))
                if (ReadTest(test, i, $"{where}.tests[{i}]", problems) is { } r) tests.Add(r);
        return problems.Count > before ? null : new ReportTask(id, demos, tests);
    }

    private static ReportTest? ReadTest(JsonElement e, int position, string where, List<string> problems)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            problems.Add($"{where}: expected an object, found {GridJson.Describe(e)}");
            return null;
        }
        int before = problems.Count;
        int index = Int(e, "index", where, problems) ?? position;
        Grid? input = e.TryGetProperty("input", out var i) ? GridJson.ReadNullable(i, $"{where}.input", problems) : null;
        Grid? expected = e.TryGetProperty("expected", out var x) ? GridJson.ReadNullable(x, $"{where}.expected", problems) : null;

        var attempts = new List<ReportAttempt>();
        if (e.TryGetProperty("attempts", out var list))
        {
            if (list.ValueKind != JsonValueKind.Array) problems.Add($"{where}: \"attempts\" should be a list, found {GridJson.Describe(list)}");
            else
                foreach (var (a, n) in list.EnumerateArray().Select((a, n) => (a, n)))
                {
                    string at = $"{where}.attempts[{n}]";
                    if (a.ValueKind != JsonValueKind.Object)
                    {
                        problems.Add($"{at}: expected an object, found {GridJson.Describe(a)}");
                        continue;
                    }
                    var grid = Required(a, "grid", at, problems);
                    int rank = Int(a, "rank", at, problems) ?? n + 1;
                    bool? stated = a.TryGetProperty("correct", out var c) && c.ValueKind is JsonValueKind.True or JsonValueKind.False ? c.GetBoolean() : null;
                    if (grid is not null)
                        attempts.Add(new ReportAttempt(rank, grid, Int(a, "votes", at, problems),
                                                       Number(a, "mean_q", at, problems) ?? Number(a, "q_halt", at, problems),
                                                       expected is null ? stated : grid == expected));
                }
        }

        var steps = new List<RefinementStep>();
        if (e.TryGetProperty("steps", out var stepList))
        {
            if (stepList.ValueKind != JsonValueKind.Array) problems.Add($"{where}: \"steps\" should be a list, found {GridJson.Describe(stepList)}");
            else
                foreach (var (s, n) in stepList.EnumerateArray().Select((s, n) => (s, n)))
                {
                    string at = $"{where}.steps[{n}]";
                    if (s.ValueKind != JsonValueKind.Object)
                    {
                        problems.Add($"{at}: expected an object, found {GridJson.Describe(s)}");
                        continue;
                    }
                    var grid = s.TryGetProperty("grid", out var g) ? GridJson.ReadNullable(g, $"{at}.grid", problems) : null;
                    double? q = Number(s, "q_halt", at, problems)
                                ?? (Number(s, "q_halt_logit", at, problems) is { } logit ? CandidateVotes.Sigmoid(logit) : null);
                    steps.Add(new RefinementStep(Int(s, "step", at, problems) ?? n + 1, grid, q));
                }
        }

        int? correctRank = e.TryGetProperty("correct_rank", out _) ? Int(e, "correct_rank", where, problems)
                           : expected is null ? null : attempts.Where(a => a.Correct == true).Select(a => (int?)a.Rank).Min();
        if (problems.Count > before) return null;
        return new ReportTest(index, input, expected, correctRank, Int(e, "predictions", where, problems),
                              Int(e, "distinct_candidates", where, problems), attempts, steps);
    }

    private static Grid? Required(JsonElement e, string name, string where, List<string> problems)
    {
        if (e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var g)) return GridJson.Read(g, $"{where}.{name}", problems);
        problems.Add($"{where}: missing \"{name}\"");
        return null;
    }

    /// <summary>An optional integer field: absent or null gives null, anything else not an integer is a problem.</summary>
    private static int? Int(JsonElement e, string name, string where, List<string> problems)
    {
        if (!e.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out int n)) return n;
        problems.Add($"{where}: \"{name}\" should be an integer, found {GridJson.Describe(v)}");
        return null;
    }

    private static double? Number(JsonElement e, string name, string where, List<string> problems)
    {
        if (!e.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind == JsonValueKind.Number) return v.GetDouble();
        problems.Add($"{where}: \"{name}\" should be a number, found {GridJson.Describe(v)}");
        return null;
    }
}
