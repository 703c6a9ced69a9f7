using HrmSharp.IO;
using System.Text.Json;

namespace HrmSharp.Data;

/// <summary>Reads an ARC Prize submission JSON, reporting every problem (one line each) in one <see cref="HrmException"/>.</summary>
public static class SubmissionReader
{
    public static Submission Read(string path)
    {
        byte[] bytes = InputFile.ReadAllBytes(path);
        return Parse(bytes, Path.GetFileName(path));
    }

    /// <summary>Parses submission JSON; <paramref name="file"/> names it in problem lines.</summary>
    public static Submission Parse(ReadOnlySpan<byte> utf8, string file)
    {
        var problems = new List<string>();
        var tasks = new List<KeyValuePair<string, IReadOnlyList<SubmissionAttempts>>>();
        try
        {
            var reader = ArcJsonReader.Open(utf8);
            ArcJsonReader.Next(ref reader);
            ReadRoot(ref reader, file, tasks, problems);
            ArcJsonReader.ExpectEnd(ref reader);
        }
        catch (JsonException ex)
        {
            throw new HrmException(JsonInput.InvalidJson(file, ex));
        }
        HrmException.ThrowIfAny(problems);
        return new Submission(tasks);
    }

    private static void ReadRoot(ref Utf8JsonReader reader, string file, List<KeyValuePair<string, IReadOnlyList<SubmissionAttempts>>> tasks,
                                 List<string> problems)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            problems.Add($"{file}: expected an object mapping task ids to lists of attempts, found {ArcJsonReader.Describe(ref reader)}");
            return;
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (ArcJsonReader.Next(ref reader); reader.TokenType != JsonTokenType.EndObject; ArcJsonReader.Next(ref reader))
        {
            string id = reader.GetString()!;
            string where = $"{file}: task {id}";
            ArcJsonReader.Next(ref reader);
            if (!seen.Add(id))
            {
                problems.Add($"{where}: appears twice");
                reader.Skip();
                continue;
            }
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                problems.Add($"{where}: expected a list with one entry per test input, found {ArcJsonReader.Describe(ref reader)}");
                continue;
            }
            var list = new List<SubmissionAttempts>();
            int before = problems.Count, i = 0;
            for (ArcJsonReader.Next(ref reader); reader.TokenType != JsonTokenType.EndArray; ArcJsonReader.Next(ref reader), i++)
                if (ReadAttempts(ref reader, $"{where}, test[{i}]", problems) is { } a) list.Add(a);
            if (i == 0) problems.Add($"{where}: no attempts (empty list)");
            if (problems.Count == before) tasks.Add(new(id, list));
        }
    }

    private static SubmissionAttempts? ReadAttempts(ref Utf8JsonReader reader, string where, List<string> problems)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            problems.Add($"{where}: expected an object with \"attempt_1\" and \"attempt_2\", found {ArcJsonReader.Describe(ref reader)}");
            return null;
        }
        int before = problems.Count;
        Grid? a1 = null, a2 = null;
        bool seen1 = false, seen2 = false;
        for (ArcJsonReader.Next(ref reader); reader.TokenType != JsonTokenType.EndObject; ArcJsonReader.Next(ref reader))
        {
            bool is1 = reader.ValueTextEquals("attempt_1"u8), is2 = reader.ValueTextEquals("attempt_2"u8);
            string key = reader.GetString()!;
            ArcJsonReader.Next(ref reader);
            if (is1)
            {
                seen1 = true;
                a1 = ArcJsonReader.ReadGrid(ref reader, $"{where}.attempt_1", problems);
            }
            else if (is2)
            {
                seen2 = true;
                a2 = ArcJsonReader.ReadGrid(ref reader, $"{where}.attempt_2", problems);
            }
            else
            {
                problems.Add($"{where}: unknown key \"{key}\" (expected \"attempt_1\", \"attempt_2\")");
                reader.Skip();
            }
        }
        if (!seen1) problems.Add($"{where}: missing \"attempt_1\"");
        if (!seen2) problems.Add($"{where}: missing \"attempt_2\"");
        return problems.Count > before ? null : new SubmissionAttempts(a1!, a2!);
    }
}
