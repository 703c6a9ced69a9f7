using System.Text.Json;
using HrmSharp.Augmentation;
using HrmSharp.IO;

namespace HrmSharp.Encoding;

/// <summary>
/// Puzzle identifiers: one per (task id, augmentation), numbered 1.. with 0 the blank (padding rows, and every example of
/// Sudoku and mazes, as in the reference). The numbering is a pure function of the content: task ids in ordinal order,
/// each task's augmentations in the order given (the sampler's, identity first). The model's puzzle-embedding rows are
/// indexed by these ids, so the table is saved with a checkpoint and a resumed or evaluated run uses the saved one.
/// JSON: <c>{"format": "hrmsharp.puzzle-ids", "version": 1, "identifiers": [null, ["007bbfb7", "d0.c0123456789"], ...]}</c>,
/// entry i being identifier i.
/// </summary>
public sealed class PuzzleIdTable : IEquatable<PuzzleIdTable>
{
    public const int Blank = 0;
    public const string Format = "hrmsharp.puzzle-ids";
    public const int Version = 1;

    private readonly PuzzleIdEntry[] _entries; // identifier i is _entries[i - 1]
    private readonly Dictionary<(string, TaskAugmentation), int> _ids;

    private PuzzleIdTable(PuzzleIdEntry[] entries)
    {
        _entries = entries;
        _ids = new Dictionary<(string, TaskAugmentation), int>(entries.Length);
        for (int i = 0; i < entries.Length; i++)
            if (!_ids.TryAdd((entries[i].TaskId, entries[i].Augmentation), i + 1))
                throw new ArgumentException($"task {entries[i].TaskId} lists augmentation {entries[i].Augmentation} twice");
    }

    /// <summary>A table with only the blank identifier (Sudoku, mazes).</summary>
    public static PuzzleIdTable BlankOnly { get; } = new([]);

    /// <summary>Identifiers including the blank: the number of puzzle-embedding rows (the reference's num_puzzle_identifiers).</summary>
    public int Count => _entries.Length + 1;

    /// <summary>Identifier 1 onwards, in order.</summary>
    public IReadOnlyList<PuzzleIdEntry> Entries => _entries;

    public static PuzzleIdTable Build(IEnumerable<(string TaskId, IReadOnlyList<TaskAugmentation> Augmentations)> tasks)
    {
        var list = tasks.ToList();
        var duplicate = list.GroupBy(t => t.TaskId, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new ArgumentException($"task {duplicate.Key} appears twice");
        return new PuzzleIdTable(list.OrderBy(t => t.TaskId, StringComparer.Ordinal)
            .SelectMany(t => t.Augmentations.Select(a => new PuzzleIdEntry(t.TaskId, a)))
            .ToArray());
    }

    /// <summary>A table in the given order (identifier i = entry i − 1), e.g. another code's numbering; a repeated entry is an <see cref="ArgumentException"/>.</summary>
    public static PuzzleIdTable FromEntries(IEnumerable<PuzzleIdEntry> entries) => new([.. entries]);

    public bool TryGetId(string taskId, TaskAugmentation augmentation, out int id) => _ids.TryGetValue((taskId, augmentation), out id);

    public int GetId(string taskId, TaskAugmentation augmentation) =>
        TryGetId(taskId, augmentation, out int id) ? id
        : throw new KeyNotFoundException($"no puzzle identifier for task {taskId} under augmentation {augmentation}");

    /// <summary>The (task, augmentation) of identifier <paramref name="id"/> (1..Count−1; the blank has none).</summary>
    public PuzzleIdEntry this[int id] =>
        id >= 1 && id <= _entries.Length ? _entries[id - 1]
        : throw new ArgumentOutOfRangeException(nameof(id), id, $"puzzle identifiers are 1..{_entries.Length} (0 is the blank)");

    public string ToJson()
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("format", Format);
            w.WriteNumber("version", Version);
            w.WriteStartArray("identifiers");
            w.WriteNullValue();
            foreach (var e in _entries)
            {
                w.WriteStartArray();
                w.WriteStringValue(e.TaskId);
                w.WriteStringValue(e.Augmentation.ToString());
                w.WriteEndArray();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public void Write(string path) => AtomicFile.WriteAllText(path, ToJson());

    public static PuzzleIdTable Read(string path)
    {
        string text = InputFile.ReadAllText(path);
        return FromJson(text, path);
    }

    /// <summary>Parses <see cref="ToJson"/>'s form; anything else is an <see cref="HrmException"/> naming <paramref name="source"/>.</summary>
    public static PuzzleIdTable FromJson(string json, string source = "puzzle identifiers")
    {
        using (var doc = JsonInput.Parse(json, source))
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("format", out var format) || format.ValueKind != JsonValueKind.String || format.GetString() != Format)
                throw new HrmException($"{source}: not a puzzle identifier table (expected \"format\": \"{Format}\")");
            if (!root.TryGetProperty("version", out var version) || !version.TryGetInt32(out int v) || v != Version)
                throw new HrmException($"{source}: unsupported version (this build reads version {Version})");
            if (!root.TryGetProperty("identifiers", out var ids) || ids.ValueKind != JsonValueKind.Array || ids.GetArrayLength() == 0
                || ids[0].ValueKind != JsonValueKind.Null)
                throw new HrmException($"{source}: \"identifiers\" must be a list whose entry 0 (the blank) is null");

            var entries = new List<PuzzleIdEntry>();
            var problems = new List<string>();
            int i = 0;
            foreach (var e in ids.EnumerateArray())
            {
                if (i++ == 0) continue;
                if (e.ValueKind == JsonValueKind.Array && e.GetArrayLength() == 2
                    && e[0].ValueKind == JsonValueKind.String && e[1].ValueKind == JsonValueKind.String
                    && TaskAugmentation.TryParse(e[1].GetString(), out var aug))
                    entries.Add(new PuzzleIdEntry(e[0].GetString()!, aug));
                else if (problems.Count < 10)
                    problems.Add($"{source}: identifier {i - 1} is not [task id, augmentation such as \"d3.c0712345896\"]");
            }
            HrmException.ThrowIfAny(problems);
            try { return new PuzzleIdTable(entries.ToArray()); }
            catch (ArgumentException ex) { throw new HrmException($"{source}: {ex.Message}"); }
        }
    }

    public bool Equals(PuzzleIdTable? other) => other is not null && _entries.AsSpan().SequenceEqual(other._entries);
    public override bool Equals(object? obj) => obj is PuzzleIdTable t && Equals(t);
    public override int GetHashCode() => HashCode.Combine(_entries.Length, _entries.Length > 0 ? _entries[^1] : default);
}
