using System.Text.Json;
using HrmSharp.Data;

namespace HrmSharp.Reporting;

/// <summary>Grids in parsed JSON documents (lists of rows of ints 0..9), with a problem line naming where a bad one is.</summary>
internal static class GridJson
{
    /// <summary>The grid, or null (with a problem added) when <paramref name="e"/> is not a valid grid.</summary>
    public static Grid? Read(JsonElement e, string where, List<string> problems)
    {
        if (e.ValueKind != JsonValueKind.Array)
        {
            problems.Add($"{where}: expected a grid (a list of rows), found {Describe(e)}");
            return null;
        }
        var rows = new List<IReadOnlyList<int>>();
        foreach (var row in e.EnumerateArray())
        {
            if (row.ValueKind != JsonValueKind.Array)
            {
                problems.Add($"{where} row {rows.Count}: expected a list of colours, found {Describe(row)}");
                return null;
            }
            var cells = new List<int>();
            foreach (var cell in row.EnumerateArray())
            {
                if (cell.ValueKind != JsonValueKind.Number || !cell.TryGetInt32(out int v))
                {
                    problems.Add($"{where} row {rows.Count}: {Describe(cell)} is not an integer colour (column {cells.Count})");
                    return null;
                }
                cells.Add(v);
            }
            rows.Add(cells);
        }
        try
        {
            return Grid.FromRows(rows);
        }
        catch (ArgumentException ex)
        {
            problems.Add($"{where}: {ex.Message}");
            return null;
        }
    }

    /// <summary>Null for a JSON null (an unknown grid), else as <see cref="Read"/>.</summary>
    public static Grid? ReadNullable(JsonElement e, string where, List<string> problems) =>
        e.ValueKind == JsonValueKind.Null ? null : Read(e, where, problems);

    public static string Describe(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "a list",
        JsonValueKind.String => $"the string \"{Truncate(e.GetString()!)}\"",
        JsonValueKind.Number => $"the number {e.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => $"{e.GetRawText()}",
        JsonValueKind.Null => "null",
        _ => e.ValueKind.ToString(),
    };

    private static string Truncate(string s) => s.Length <= 20 ? s : s[..20] + "…";
}
