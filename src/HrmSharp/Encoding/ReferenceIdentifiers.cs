using System.Text.Json;
using System.Text.RegularExpressions;
using HrmSharp.Augmentation;
using HrmSharp.IO;

namespace HrmSharp.Encoding;

/// <summary>
/// The <c>identifiers.json</c> the official HRM/TRM ARC dataset builder writes beside its dataset: a list whose entry i
/// names puzzle identifier i: "&lt;blank&gt;" for 0, a task's own name for its original version, and
/// "&lt;task&gt;_t&lt;k&gt;_&lt;ten digits&gt;" for the version under dihedral transform k after the colour mapping
/// given by the digits (colour c becomes digit c). Those are exactly our <see cref="TaskAugmentation"/>s (the same
/// transform numbering, the same mapping direction), so the file becomes a <see cref="PuzzleIdTable"/> in the builder's
/// order and an imported checkpoint's embedding rows line up.
/// <para>
/// Why read the builder's file rather than rebuild its numbering: the builder assigns identifiers in the order
/// <c>os.scandir</c> and <c>glob</c> list the task files, which is the file system's order (hash order on ext4, seeded
/// per file system), before its seeded shuffles; the same files on another machine can number differently.
/// </para>
/// </summary>
public static partial class ReferenceIdentifiers
{
    public const string FileName = "identifiers.json";

    public static PuzzleIdTable Read(string path)
    {
        if (!File.Exists(path))
            throw new HrmException($"{path}: file not found");
        return Parse(File.ReadAllText(path), Path.GetFileName(path));
    }

    public static PuzzleIdTable Parse(string json, string source)
    {
        string?[] names;
        try
        {
            names = JsonSerializer.Deserialize<string?[]>(json) ?? [];
        }
        catch (JsonException ex)
        {
            throw new HrmException($"{source}: not a JSON list of identifier names ({JsonInput.Reason(ex)})");
        }
        if (names.Length == 0 || names[0] != "<blank>")
            throw new HrmException($"{source}: entry 0 must be \"<blank>\" (the reference builder's blank identifier)");

        var tasks = new List<PuzzleIdEntry>(names.Length - 1);
        var problems = new List<string>();
        for (int i = 1; i < names.Length; i++)
        {
            var name = names[i];
            if (string.IsNullOrEmpty(name) || name == "<blank>")
                problems.Add($"{source}: entry {i} is {(name is null ? "null" : $"\"{name}\"")}, expected a task name");
            else if (Augmented().Match(name) is { Success: true } m)
            {
                if (TaskAugmentation.TryParse($"d{m.Groups[2].Value}.c{m.Groups[3].Value}", out var augmentation))
                    tasks.Add(new PuzzleIdEntry(m.Groups[1].Value, augmentation));
                else
                    problems.Add($"{source}: entry {i} \"{name}\": {m.Groups[3].Value} is not a permutation of the colours 0-9");
            }
            else
                tasks.Add(new PuzzleIdEntry(name, TaskAugmentation.Identity));
            if (problems.Count >= 10) break;
        }
        if (problems.Count > 0)
            throw new HrmException(problems);
        try
        {
            return PuzzleIdTable.FromEntries(tasks);
        }
        catch (ArgumentException ex)
        {
            throw new HrmException($"{source}: {ex.Message}");
        }
    }

    /// <summary>The builder's form of <paramref name="table"/>: what the official code would list for these embedding rows.</summary>
    public static string ToJson(PuzzleIdTable table) =>
        JsonSerializer.Serialize(new[] { "<blank>" }.Concat(table.Entries.Select(e =>
            e.Augmentation.IsIdentity ? e.TaskId : $"{e.TaskId}_t{e.Augmentation.Dihedral.Index}_{e.Augmentation.Colours}")),
            new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    [GeneratedRegex(@"^(.+)_t([0-7])_([0-9]{10})$")]
    private static partial Regex Augmented();
}
