using System.Text;
using HrmSharp.IO;

namespace HrmSharp.Data;

/// <summary>
/// Writes a task in the ARC per-task format, one pair per line with compact rows, so files stay small, diff well
/// and read back with <see cref="TaskLoader"/>. Test outputs are written when known.
/// </summary>
public static class TaskJsonWriter
{
    public static string ToJson(ArcTask task)
    {
        var sb = new StringBuilder();
        sb.Append("{\"train\": [\n");
        AppendPairs(sb, task.Train);
        sb.Append(" ],\n \"test\": [\n");
        AppendPairs(sb, task.Test);
        sb.Append(" ]}\n");
        return sb.ToString();
    }

    /// <summary>The task's JSON as UTF-8 bytes (the bytes depend only on the task).</summary>
    public static byte[] ToUtf8(ArcTask task) => System.Text.Encoding.UTF8.GetBytes(ToJson(task));

    /// <summary>Writes <c>&lt;folder&gt;/&lt;id&gt;.json</c> atomically and returns its path.</summary>
    public static string WriteToFolder(string folder, ArcTask task)
    {
        string path = Path.Combine(folder, task.Id + ".json");
        Write(path, task);
        return path;
    }

    public static void Write(string path, ArcTask task) => AtomicFile.WriteAllText(path, ToJson(task));

    /// <summary>A grid as ARC writes it: <c>[[0, 1], [2, 3]]</c>.</summary>
    public static void AppendGrid(StringBuilder sb, Grid grid)
    {
        sb.Append('[');
        for (int r = 0; r < grid.Rows; r++)
        {
            if (r > 0) sb.Append(", ");
            sb.Append('[');
            for (int c = 0; c < grid.Cols; c++)
            {
                if (c > 0) sb.Append(", ");
                sb.Append((char)('0' + grid[r, c]));
            }
            sb.Append(']');
        }
        sb.Append(']');
    }

    private static void AppendPairs(StringBuilder sb, IReadOnlyList<Pair> pairs)
    {
        for (int i = 0; i < pairs.Count; i++)
        {
            sb.Append("  {\"input\": ");
            AppendGrid(sb, pairs[i].Input);
            if (pairs[i].Output is { } output)
            {
                sb.Append(", \"output\": ");
                AppendGrid(sb, output);
            }
            sb.Append(i + 1 < pairs.Count ? "},\n" : "}\n");
        }
    }
}
