using System.Text;

namespace HrmSharp.Data;

/// <summary>One data row of a puzzle CSV, with its 1-based line number for error messages.</summary>
public sealed record PuzzleCsvRow(string Source, string Question, string Answer, string Rating, int Line);

/// <summary>
/// The four-column layout of the Sudoku-Extreme and Maze-Hard datasets: header <c>source,question,answer,rating</c>,
/// one puzzle per line. Fields may be quoted (RFC 4180, without embedded line breaks).
/// </summary>
public static class PuzzleCsv
{
    public const string Header = "source,question,answer,rating";

    /// <summary>Stop collecting after this many bad rows: enough to see the pattern without flooding the terminal.</summary>
    public const int MaxProblems = 20;

    /// <summary>
    /// Reads every row through <paramref name="convert"/>. A <see cref="FormatException"/> or
    /// <see cref="ArgumentException"/> from it becomes a problem "FILE:LINE: message"; all problems (up to
    /// <see cref="MaxProblems"/>) are thrown together as one <see cref="HrmException"/>.
    /// </summary>
    public static List<T> Read<T>(string path, Func<PuzzleCsvRow, T> convert)
    {
        if (!File.Exists(path)) throw new HrmException($"{path}: file not found");
        var items = new List<T>();
        var problems = new List<string>();
        int lineNo = 0, bad = 0;
        using var reader = new StreamReader(path, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        for (string? line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            lineNo++;
            if (lineNo == 1)
            {
                if (line.Trim() != Header) throw new HrmException($"{path}:1: header is '{Shorten(line)}'; expected '{Header}'");
                continue;
            }
            if (line.Length == 0) continue;
            try
            {
                var fields = Split(line);
                if (fields.Count != 4) throw new FormatException($"has {fields.Count} fields; expected 4 ({Header})");
                items.Add(convert(new PuzzleCsvRow(fields[0], fields[1], fields[2], fields[3], lineNo)));
            }
            catch (Exception ex) when (ex is FormatException or ArgumentException)
            {
                if (++bad <= MaxProblems) problems.Add($"{path}:{lineNo}: {ex.Message}");
            }
        }
        if (lineNo == 0) throw new HrmException($"{path}: empty file; expected the header '{Header}'");
        if (bad > MaxProblems) problems.Add($"{path}: {bad - MaxProblems} more bad rows not shown");
        HrmException.ThrowIfAny(problems);
        return items;
    }

    /// <summary>Writes FILE.tmp beside FILE, then renames it over FILE, so a crash never leaves a half-written FILE.</summary>
    public static void WriteAtomic(string path, IEnumerable<(string Source, string Question, string Answer, long Rating)> rows)
    {
        string full = Path.GetFullPath(path);
        string tmp = full + ".tmp";
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            using (var w = new StreamWriter(tmp, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)))
            {
                w.NewLine = "\n";
                w.WriteLine(Header);
                foreach (var (source, question, answer, rating) in rows)
                    w.WriteLine($"{Quote(source)},{Quote(question)},{Quote(answer)},{rating}");
            }
            File.Move(tmp, full, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            TryDelete(tmp);
            throw new HrmException($"{path}: cannot write: {ex.Message}", ex);
        }
    }

    /// <summary>Parses a rating column as a non-negative integer.</summary>
    public static long ParseRating(string text) =>
        long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long v)
            ? v
            : throw new FormatException($"rating '{Shorten(text)}' is not a non-negative integer");

    internal static List<string> Split(string line)
    {
        var fields = new List<string>(4);
        var sb = new StringBuilder();
        int i = 0;
        while (true)
        {
            sb.Clear();
            if (i < line.Length && line[i] == '"')
            {
                i++;
                while (true)
                {
                    if (i >= line.Length) throw new FormatException("has an unterminated quoted field");
                    if (line[i] == '"')
                    {
                        if (i + 1 < line.Length && line[i + 1] == '"') { sb.Append('"'); i += 2; continue; }
                        i++;
                        break;
                    }
                    sb.Append(line[i++]);
                }
                if (i < line.Length && line[i] != ',') throw new FormatException($"has text after a closing quote at column {i + 1}");
            }
            else
            {
                int end = line.IndexOf(',', i);
                if (end < 0) end = line.Length;
                sb.Append(line, i, end - i);
                i = end;
            }
            fields.Add(sb.ToString());
            if (i >= line.Length) return fields;
            i++; // skip the comma
        }
    }

    internal static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") < 0 ? field : "\"" + field.Replace("\"", "\"\"") + "\"";

    private static string Shorten(string s) => s.Length <= 60 ? s : s[..57] + "...";

    private static void TryDelete(string file)
    {
        try { File.Delete(file); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
