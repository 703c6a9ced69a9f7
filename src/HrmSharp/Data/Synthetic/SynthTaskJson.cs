using System.Buffers;
using System.Text.Json;

namespace HrmSharp.Data.Synthetic;

/// <summary>
/// Writes a task as ordinary compact ARC JSON: {"train":[{"input":G,"output":G},...],"test":[...]}.
/// Kept tiny and local until the shared task writer lands; the bytes depend only on the task.
/// </summary>
public static class SynthTaskJson
{
    public static byte[] ToUtf8(ArcTask task)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            WritePairs(w, "train", task.Train);
            WritePairs(w, "test", task.Test);
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    private static void WritePairs(Utf8JsonWriter w, string name, IReadOnlyList<Pair> pairs)
    {
        w.WriteStartArray(name);
        foreach (var p in pairs)
        {
            w.WriteStartObject();
            WriteGrid(w, "input", p.Input);
            if (p.Output is not null) WriteGrid(w, "output", p.Output);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static void WriteGrid(Utf8JsonWriter w, string name, Grid g)
    {
        w.WriteStartArray(name);
        for (int r = 0; r < g.Rows; r++)
        {
            w.WriteStartArray();
            for (int c = 0; c < g.Cols; c++) w.WriteNumberValue(g[r, c]);
            w.WriteEndArray();
        }
        w.WriteEndArray();
    }
}
