using System.Text.Json;
using HrmSharp.IO;

namespace HrmSharp.Data;

/// <summary>Writes the ARC Prize submission JSON (compact, task ids in ordinal order), atomically.</summary>
public static class SubmissionWriter
{
    public static byte[] ToUtf8(Submission submission)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            foreach (string id in submission.TaskIds)
            {
                w.WriteStartArray(id);
                foreach (var attempts in submission[id])
                {
                    w.WriteStartObject();
                    WriteGrid(w, "attempt_1", attempts.Attempt1);
                    WriteGrid(w, "attempt_2", attempts.Attempt2);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            }
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    public static void Write(string path, Submission submission) => AtomicFile.WriteAllBytes(path, ToUtf8(submission));

    private static void WriteGrid(Utf8JsonWriter w, string name, Grid grid)
    {
        w.WriteStartArray(name);
        for (int r = 0; r < grid.Rows; r++)
        {
            w.WriteStartArray();
            for (int c = 0; c < grid.Cols; c++) w.WriteNumberValue(grid[r, c]);
            w.WriteEndArray();
        }
        w.WriteEndArray();
    }
}
