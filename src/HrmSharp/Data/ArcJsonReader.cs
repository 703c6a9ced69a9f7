using System.Text.Json;

namespace HrmSharp.Data;

/// <summary>
/// Turns parsed ARC JSON into grids, pairs and tasks, collecting every problem as one line that names where it is
/// (<c>file: task id, train[1].output row 3: ...</c>) instead of stopping at the first one, so a user fixes a file once.
/// </summary>
internal static class ArcJsonReader
{
    private static readonly JsonDocumentOptions Strict = new() { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow };

    /// <summary>Parses a whole file; on invalid JSON adds one problem with its 1-based line and column and returns null.</summary>
    public static JsonDocument? Parse(ReadOnlyMemory<byte> utf8, string file, List<string> problems)
    {
        // Editors on Windows may save a byte-order mark, which the JSON reader does not skip by itself.
        if (utf8.Span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) utf8 = utf8[3..];
        try
        {
            return JsonDocument.Parse(utf8, Strict);
        }
        catch (JsonException ex)
        {
            string reason = ex.Message;
            int cut = reason.IndexOf(" LineNumber:", StringComparison.Ordinal);
            if (cut >= 0) reason = reason[..cut];
            string at = ex.LineNumber is long line ? $" at line {line + 1}, column {(ex.BytePositionInLine ?? 0) + 1}" : "";
            problems.Add($"{file}: invalid JSON{at}: {reason.TrimEnd('.')}");
            return null;
        }
    }

    /// <summary>
    /// Reads a grid (a list of rows of ints 0..9). <paramref name="where"/> names it, e.g. "a.json: task a, train[0].input".
    /// Reports every bad row (its first bad cell) so one pass shows the whole damage; returns null when anything is wrong.
    /// </summary>
    public static Grid? ReadGrid(JsonElement element, string where, List<string> problems)
    {
        if (element.ValueKind != JsonValueKind.Array)
        {
            problems.Add($"{where}: expected a list of rows, found {Describe(element)}");
            return null;
        }
        int rows = element.GetArrayLength();
        if (rows == 0)
        {
            problems.Add($"{where}: empty grid (no rows)");
            return null;
        }
        int before = problems.Count;
        if (rows > Grid.MaxSide) problems.Add($"{where}: {rows} rows, more than {Grid.MaxSide}");

        int cols = -1;
        var cells = new byte[Math.Min(rows, Grid.MaxSide) * Grid.MaxSide];
        int r = 0;
        foreach (var row in element.EnumerateArray())
        {
            ReadRow(row, r, ref cols, cells, where, problems);
            r++;
        }
        if (problems.Count > before) return null;
        return Grid.Create(rows, cols, cells.AsSpan(0, rows * cols));
    }

    private static void ReadRow(JsonElement row, int r, ref int cols, byte[] cells, string where, List<string> problems)
    {
        if (row.ValueKind != JsonValueKind.Array)
        {
            problems.Add($"{where} row {r}: expected a list of colours, found {Describe(row)}");
            return;
        }
        int n = row.GetArrayLength();
        if (n == 0)
        {
            problems.Add($"{where} row {r}: empty row");
            return;
        }
        if (cols < 0)
        {
            cols = n;
            if (n > Grid.MaxSide)
            {
                problems.Add($"{where} row {r}: {n} columns, more than {Grid.MaxSide}");
                return;
            }
        }
        else if (n != cols)
        {
            problems.Add($"{where} row {r}: {n} cells but row 0 has {cols} (ragged grid)");
            return;
        }
        // Too many rows or columns was already reported once for the grid; nothing to store.
        if (r >= Grid.MaxSide || cols > Grid.MaxSide) return;

        int c = 0;
        foreach (var cell in row.EnumerateArray())
        {
            if (cell.ValueKind != JsonValueKind.Number || !cell.TryGetInt32(out int v))
            {
                problems.Add($"{where} row {r}: {Describe(cell)} is not an integer colour (column {c})");
                return;
            }
            if (v is < 0 or >= Grid.Colours)
            {
                problems.Add($"{where} row {r}: colour {v} outside 0..9 (column {c})");
                return;
            }
            cells[r * cols + c] = (byte)v;
            c++;
        }
    }

    /// <summary>Reads one task object <c>{"train": [...], "test": [...]}</c>; null when it has any problem.</summary>
    public static ArcTask? ReadTask(JsonElement element, string id, string file, List<string> problems)
    {
        string where = $"{file}: task {id}";
        if (element.ValueKind != JsonValueKind.Object)
        {
            problems.Add($"{where}: expected an object with \"train\" and \"test\", found {Describe(element)}");
            return null;
        }
        int before = problems.Count;
        // Other task-level keys are allowed: some ARC files carry a "name".
        var train = ReadPairs(element, "train", outputRequired: true, where, file, id, problems);
        var test = ReadPairs(element, "test", outputRequired: false, where, file, id, problems);
        if (train is { Count: 0 }) problems.Add($"{where}: no demonstration pairs (\"train\" is empty)");
        if (test is { Count: 0 }) problems.Add($"{where}: no test inputs (\"test\" is empty)");
        return problems.Count > before ? null : new ArcTask(id, train!, test!);
    }

    private static List<Pair>? ReadPairs(JsonElement task, string key, bool outputRequired, string where, string file, string id,
                                         List<string> problems)
    {
        if (!task.TryGetProperty(key, out var list))
        {
            problems.Add($"{where}: missing \"{key}\"");
            return null;
        }
        if (list.ValueKind != JsonValueKind.Array)
        {
            problems.Add($"{where}: \"{key}\" must be a list of pairs, found {Describe(list)}");
            return null;
        }
        var pairs = new List<Pair>(list.GetArrayLength());
        int i = 0;
        bool ok = true;
        foreach (var item in list.EnumerateArray())
        {
            var pair = ReadPair(item, $"{file}: task {id}, {key}[{i}]", outputRequired, problems);
            if (pair is null) ok = false;
            else pairs.Add(pair);
            i++;
        }
        return ok ? pairs : null;
    }

    private static Pair? ReadPair(JsonElement item, string where, bool outputRequired, List<string> problems)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            problems.Add($"{where}: expected an object with \"input\" and \"output\", found {Describe(item)}");
            return null;
        }
        int before = problems.Count;
        foreach (var prop in item.EnumerateObject())
            if (prop.Name is not ("input" or "output"))
                problems.Add($"{where}: unknown key \"{prop.Name}\" (expected \"input\", \"output\")");

        Grid? input = null, output = null;
        if (item.TryGetProperty("input", out var inEl)) input = ReadGrid(inEl, where + ".input", problems);
        else problems.Add($"{where}: missing \"input\"");
        if (item.TryGetProperty("output", out var outEl)) output = ReadGrid(outEl, where + ".output", problems);
        else if (outputRequired) problems.Add($"{where}: missing \"output\" (demonstration pairs need one)");
        return problems.Count > before ? null : new Pair(input!, output);
    }

    /// <summary>A short description of a JSON value for error lines: its text when short, otherwise its kind.</summary>
    public static string Describe(JsonElement element)
    {
        string kind = element.ValueKind switch
        {
            JsonValueKind.Object => "an object",
            JsonValueKind.Array => "a list",
            JsonValueKind.String => "a string",
            JsonValueKind.Number => "a number",
            JsonValueKind.True or JsonValueKind.False => "a boolean",
            JsonValueKind.Null => "null",
            _ => "nothing",
        };
        if (element.ValueKind is JsonValueKind.Object or JsonValueKind.Array) return kind;
        string raw = element.GetRawText();
        return raw.Length <= 20 ? raw : kind;
    }
}
