using System.Text.Json;

namespace HrmSharp.Data;

/// <summary>
/// Streams ARC JSON into grids, pairs and tasks with <see cref="Utf8JsonReader"/> (no intermediate document: ARC files
/// are almost all small numbers, and building a DOM of them costs several times the parse), collecting every problem
/// as one line that names where it is (<c>file: task id, train[1].output row 3: ...</c>) instead of stopping at the first.
/// Every method expects the reader on the first token of the value it reads and leaves it on that value's last token.
/// </summary>
internal static class ArcJsonReader
{
    private static readonly JsonReaderOptions Strict = new() { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow };

    /// <summary>A reader over a whole file, positioned before the first token (a byte-order mark is skipped).</summary>
    public static Utf8JsonReader Open(ReadOnlySpan<byte> utf8)
    {
        if (utf8.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) utf8 = utf8[3..];
        return new Utf8JsonReader(utf8, isFinalBlock: true, new JsonReaderState(Strict));
    }

    /// <summary>Moves to the next token; a file that ends early is invalid JSON like any other syntax error.</summary>
    public static void Next(ref Utf8JsonReader reader)
    {
        // With isFinalBlock the reader itself throws on a truncated document; this guards the contract.
        if (!reader.Read()) throw new JsonException("unexpected end of file");
    }

    /// <summary>Checks nothing but whitespace follows the root value (the reader throws on anything else).</summary>
    public static void ExpectEnd(ref Utf8JsonReader reader)
    {
        if (reader.Read()) throw new JsonException($"unexpected {reader.TokenType} after the end of the document");
    }

    /// <summary>
    /// Reads a grid (a list of rows of ints 0..9). <paramref name="where"/> names it, e.g. "a.json: task a, train[0].input".
    /// Reports every bad row (its first bad cell) so one pass shows the whole damage; returns null when anything is wrong.
    /// </summary>
    public static Grid? ReadGrid(ref Utf8JsonReader reader, string where, List<string> problems)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            problems.Add($"{where}: expected a list of rows, found {Describe(ref reader)}");
            return null;
        }
        int before = problems.Count;
        // Cells are stored with a stride of MaxSide until the width is known, then packed.
        Span<byte> cells = stackalloc byte[Grid.MaxSide * Grid.MaxSide];
        int rows = 0, cols = -1;
        for (Next(ref reader); reader.TokenType != JsonTokenType.EndArray; Next(ref reader))
            ReadRow(ref reader, rows++, ref cols, cells, where, problems);
        if (rows == 0) problems.Add($"{where}: empty grid (no rows)");
        else if (rows > Grid.MaxSide) problems.Add($"{where}: {rows} rows, more than {Grid.MaxSide}");
        if (problems.Count > before) return null;

        for (int r = 1; r < rows; r++) cells.Slice(r * Grid.MaxSide, cols).CopyTo(cells.Slice(r * cols, cols));
        return Grid.Create(rows, cols, cells[..(rows * cols)]);
    }

    private static void ReadRow(ref Utf8JsonReader reader, int r, ref int cols, scoped Span<byte> cells, string where, List<string> problems)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            problems.Add($"{where} row {r}: expected a list of colours, found {Describe(ref reader)}");
            return;
        }
        string? cellProblem = null; // reported only when the row's shape is right, so a ragged row gives one line
        int n = 0;
        for (Next(ref reader); reader.TokenType != JsonTokenType.EndArray; Next(ref reader), n++)
        {
            if (cellProblem is not null)
            {
                reader.Skip();
                continue;
            }
            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out int v))
                cellProblem = $"{where} row {r}: {Describe(ref reader)} is not an integer colour (column {n})";
            else if (v is < 0 or >= Grid.Colours)
                cellProblem = $"{where} row {r}: colour {v} outside 0..9 (column {n})";
            else if (r < Grid.MaxSide && n < Grid.MaxSide)
                cells[r * Grid.MaxSide + n] = (byte)v;
        }

        if (n == 0) problems.Add($"{where} row {r}: empty row");
        else if (cols < 0 && n > Grid.MaxSide) problems.Add($"{where} row {r}: {n} columns, more than {Grid.MaxSide}");
        else if (cols >= 0 && n != cols) problems.Add($"{where} row {r}: {n} cell{(n == 1 ? "" : "s")} but row 0 has {cols} (ragged grid)");
        else if (cellProblem is not null) problems.Add(cellProblem);
        if (cols < 0 && n > 0) cols = n;
    }

    /// <summary>
    /// Reads one task object <c>{"train": [...], "test": [...]}</c>; null when it has any problem. <paramref name="testCount"/>
    /// is the length of its "test" list when that is a list (even if the task is invalid), otherwise -1.
    /// </summary>
    public static ArcTask? ReadTask(ref Utf8JsonReader reader, string id, string file, List<string> problems, out int testCount)
    {
        string where = $"{file}: task {id}";
        testCount = -1;
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            problems.Add($"{where}: expected an object with \"train\" and \"test\", found {Describe(ref reader)}");
            return null;
        }
        int before = problems.Count;
        List<Pair>? train = null, test = null;
        bool seenTrain = false, seenTest = false;
        for (Next(ref reader); reader.TokenType != JsonTokenType.EndObject; Next(ref reader))
        {
            bool isTrain = reader.ValueTextEquals("train"u8), isTest = reader.ValueTextEquals("test"u8);
            Next(ref reader);
            if (isTrain)
            {
                seenTrain = true;
                train = ReadPairs(ref reader, "train", outputRequired: true, file, id, problems, out _);
            }
            else if (isTest)
            {
                seenTest = true;
                test = ReadPairs(ref reader, "test", outputRequired: false, file, id, problems, out testCount);
            }
            else
            {
                reader.Skip(); // other task-level keys are allowed: some ARC files carry a "name"
            }
        }
        if (!seenTrain) problems.Add($"{where}: missing \"train\"");
        else if (train is { Count: 0 }) problems.Add($"{where}: no demonstration pairs (\"train\" is empty)");
        if (!seenTest) problems.Add($"{where}: missing \"test\"");
        else if (test is { Count: 0 }) problems.Add($"{where}: no test inputs (\"test\" is empty)");
        return problems.Count > before ? null : new ArcTask(id, train!, test!);
    }

    private static List<Pair>? ReadPairs(ref Utf8JsonReader reader, string key, bool outputRequired, string file, string id,
                                         List<string> problems, out int count)
    {
        count = -1;
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            problems.Add($"{file}: task {id}: \"{key}\" must be a list of pairs, found {Describe(ref reader)}");
            return null;
        }
        var pairs = new List<Pair>();
        bool ok = true;
        int i = 0;
        for (Next(ref reader); reader.TokenType != JsonTokenType.EndArray; Next(ref reader), i++)
        {
            var pair = ReadPair(ref reader, $"{file}: task {id}, {key}[{i}]", outputRequired, problems);
            if (pair is null) ok = false;
            else pairs.Add(pair);
        }
        count = i;
        return ok ? pairs : null;
    }

    private static Pair? ReadPair(ref Utf8JsonReader reader, string where, bool outputRequired, List<string> problems)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            problems.Add($"{where}: expected an object with \"input\" and \"output\", found {Describe(ref reader)}");
            return null;
        }
        int before = problems.Count;
        Grid? input = null, output = null;
        bool seenInput = false, seenOutput = false;
        for (Next(ref reader); reader.TokenType != JsonTokenType.EndObject; Next(ref reader))
        {
            if (reader.ValueTextEquals("input"u8))
            {
                Next(ref reader);
                seenInput = true;
                input = ReadGrid(ref reader, where + ".input", problems);
            }
            else if (reader.ValueTextEquals("output"u8))
            {
                Next(ref reader);
                seenOutput = true;
                output = ReadGrid(ref reader, where + ".output", problems);
            }
            else
            {
                problems.Add($"{where}: unknown key \"{reader.GetString()}\" (expected \"input\", \"output\")");
                Next(ref reader);
                reader.Skip();
            }
        }
        if (!seenInput) problems.Add($"{where}: missing \"input\"");
        if (!seenOutput && outputRequired) problems.Add($"{where}: missing \"output\" (demonstration pairs need one)");
        return problems.Count > before ? null : new Pair(input!, output);
    }

    /// <summary>
    /// A short description of the current value for error lines (its text when short, otherwise its kind);
    /// skips past a list or object so the caller can carry on after it.
    /// </summary>
    public static string Describe(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                reader.Skip();
                return "an object";
            case JsonTokenType.StartArray:
                reader.Skip();
                return "a list";
            case JsonTokenType.String:
                string s = reader.GetString() ?? "";
                return s.Length <= 16 ? $"\"{s}\"" : "a string";
            case JsonTokenType.Number:
                string n = System.Text.Encoding.UTF8.GetString(reader.ValueSpan);
                return n.Length <= 20 ? n : "a number";
            case JsonTokenType.True:
                return "true";
            case JsonTokenType.False:
                return "false";
            case JsonTokenType.Null:
                return "null";
            default:
                return reader.TokenType.ToString();
        }
    }
}
