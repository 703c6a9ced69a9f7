using System.Text.Json;

namespace HrmSharp.Data;

/// <summary>Reads an ARC Prize submission JSON, reporting every problem (one line each) in one <see cref="HrmException"/>.</summary>
public static class SubmissionReader
{
    public static Submission Read(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new HrmException($"{path}: cannot read: {ex.Message}");
        }
        return Parse(bytes, Path.GetFileName(path));
    }

    /// <summary>Parses submission JSON; <paramref name="file"/> names it in problem lines.</summary>
    public static Submission Parse(ReadOnlyMemory<byte> utf8, string file)
    {
        var problems = new List<string>();
        using var doc = ArcJsonReader.Parse(utf8, file, problems);
        if (doc is null) throw new HrmException(problems);
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
            throw new HrmException($"{file}: expected an object mapping task ids to lists of attempts, found {ArcJsonReader.Describe(root)}");

        var tasks = new List<KeyValuePair<string, IReadOnlyList<SubmissionAttempts>>>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in root.EnumerateObject())
        {
            string where = $"{file}: task {entry.Name}";
            if (!seen.Add(entry.Name))
            {
                problems.Add($"{where}: appears twice");
                continue;
            }
            if (entry.Value.ValueKind != JsonValueKind.Array)
            {
                problems.Add($"{where}: expected a list with one entry per test input, found {ArcJsonReader.Describe(entry.Value)}");
                continue;
            }
            var list = new List<SubmissionAttempts>();
            int before = problems.Count, i = 0;
            foreach (var item in entry.Value.EnumerateArray())
            {
                if (ReadAttempts(item, $"{where}, test[{i}]", problems) is { } a) list.Add(a);
                i++;
            }
            if (i == 0) problems.Add($"{where}: no attempts (empty list)");
            if (problems.Count == before) tasks.Add(new(entry.Name, list));
        }
        if (problems.Count > 0) throw new HrmException(problems);
        return new Submission(tasks);
    }

    private static SubmissionAttempts? ReadAttempts(JsonElement item, string where, List<string> problems)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            problems.Add($"{where}: expected an object with \"attempt_1\" and \"attempt_2\", found {ArcJsonReader.Describe(item)}");
            return null;
        }
        int before = problems.Count;
        foreach (var prop in item.EnumerateObject())
            if (prop.Name is not ("attempt_1" or "attempt_2"))
                problems.Add($"{where}: unknown key \"{prop.Name}\" (expected \"attempt_1\", \"attempt_2\")");
        Grid? Attempt(string key)
        {
            if (item.TryGetProperty(key, out var g)) return ArcJsonReader.ReadGrid(g, $"{where}.{key}", problems);
            problems.Add($"{where}: missing \"{key}\"");
            return null;
        }
        var a1 = Attempt("attempt_1");
        var a2 = Attempt("attempt_2");
        return problems.Count > before ? null : new SubmissionAttempts(a1!, a2!);
    }
}
