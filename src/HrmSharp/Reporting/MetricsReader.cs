using HrmSharp.IO;
using System.Text.Json;

namespace HrmSharp.Reporting;

/// <summary>
/// Reads a training run's metrics.jsonl: one JSON object per line with a numeric "step" and any numeric metrics.
/// A line is an evaluation when its "kind" or "split" is "eval" (or "val", "test"); keys prefixed "eval_" or "eval/"
/// are evaluation metrics on any line, and a "train_" or "train/" prefix is dropped. Non-numeric fields are passed
/// over. A line that is not a JSON object with a numeric step is skipped with a warning (a run killed mid-write leaves
/// a torn last line). When a step appears twice (a resumed run), the later value wins.
/// </summary>
public static class MetricsReader
{
    /// <summary>Per-line warnings beyond this many are summed up in one line.</summary>
    public const int MaxWarnings = 10;

    public static MetricsFile Read(string path)
    {
        if (Directory.Exists(path)) path = Path.Combine(path, "metrics.jsonl");
        if (!File.Exists(path)) throw new HrmException($"{path}: no such metrics file (a run folder holds metrics.jsonl)");
        string[] lines = InputFile.ReadAllLines(path);
        return Parse(lines, path);
    }

    public static MetricsFile Parse(IReadOnlyList<string> lines, string path)
    {
        string file = Path.GetFileName(path);
        var warnings = new List<string>();
        int skipped = 0;
        void Skip(int line, string why)
        {
            if (++skipped <= MaxWarnings) warnings.Add($"{file} line {line}: {why}; skipped");
        }

        // (name, eval) -> step -> value; insertion order of keys is kept for a stable legend order.
        var series = new Dictionary<(string, bool), SortedDictionary<long, double>>();
        var order = new List<(string, bool)>();
        for (int i = 0; i < lines.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i])) continue;
            JsonDocument doc;
            try
            {
                doc = JsonDocument.Parse(lines[i]);
            }
            catch (JsonException)
            {
                Skip(i + 1, "not valid JSON");
                continue;
            }
            using (doc)
            {
                var o = doc.RootElement;
                if (o.ValueKind != JsonValueKind.Object)
                {
                    Skip(i + 1, "not a JSON object");
                    continue;
                }
                if (!o.TryGetProperty("step", out var s) || s.ValueKind != JsonValueKind.Number || !s.TryGetInt64(out long step))
                {
                    Skip(i + 1, "no integer \"step\"");
                    continue;
                }
                bool evalLine = IsEval(o, "kind") || IsEval(o, "split");
                foreach (var p in o.EnumerateObject())
                {
                    if (p.Name == "step" || p.Value.ValueKind != JsonValueKind.Number) continue;
                    var key = Normalise(p.Name, evalLine);
                    if (!series.TryGetValue(key, out var points))
                    {
                        series[key] = points = [];
                        order.Add(key);
                    }
                    points[step] = p.Value.GetDouble();
                }
            }
        }
        if (skipped > MaxWarnings) warnings.Add($"{file}: {skipped - MaxWarnings} more malformed lines skipped ({skipped} in all)");
        var result = order.Select(k => new MetricSeries(k.Item1, k.Item2, series[k].Select(kv => (kv.Key, kv.Value)).ToArray())).ToArray();
        return new MetricsFile(path, lines.Count, result, warnings);
    }

    private static bool IsEval(JsonElement o, string name) =>
        o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is "eval" or "val" or "validation" or "test";

    private static (string Name, bool Eval) Normalise(string name, bool evalLine)
    {
        foreach (var prefix in new[] { "eval_", "eval/" })
            if (name.StartsWith(prefix, StringComparison.Ordinal) && name.Length > prefix.Length) return (name[prefix.Length..], true);
        foreach (var prefix in new[] { "train_", "train/" })
            if (name.StartsWith(prefix, StringComparison.Ordinal) && name.Length > prefix.Length) return (name[prefix.Length..], evalLine);
        return (name, evalLine);
    }
}
