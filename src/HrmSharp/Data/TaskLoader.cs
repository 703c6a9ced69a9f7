using System.Text.Json;

namespace HrmSharp.Data;

/// <summary>
/// Loads ARC tasks from any of the published layouts, detected from the path and the content:
/// <list type="bullet">
/// <item>a folder of per-task files (<c>&lt;id&gt;.json</c>, searched recursively, so <c>arc-agi-1</c> gives training and evaluation);</item>
/// <item>one task file <c>{"train": [...], "test": [...]}</c> (id = file name without .json);</item>
/// <item>a Kaggle challenges file <c>{id: task}</c>; its solutions file <c>{id: [output, ...]}</c> is taken from the
/// argument, or else from the matching <c>..._solutions.json</c> beside it when that exists.</item>
/// </list>
/// Every problem in every file is collected (REFERENCE §1 has the format).
/// </summary>
public static class TaskLoader
{
    public const string ChallengesSuffix = "_challenges.json";
    public const string SolutionsSuffix = "_solutions.json";

    /// <summary>Loads the tasks, or throws one <see cref="HrmException"/> listing every problem found.</summary>
    public static IReadOnlyList<ArcTask> Load(string path, string? solutions = null)
    {
        var result = Check(path, solutions);
        if (!result.IsValid) throw new HrmException(result.Problems);
        return result.Tasks;
    }

    /// <summary>Loads what is valid and lists every problem; throws only when the path itself is unusable.</summary>
    public static TaskLoadResult Check(string path, string? solutions = null)
    {
        var acc = new Accumulator();
        if (Directory.Exists(path))
        {
            if (solutions is not null)
                throw new HrmException($"{path}: a solutions file goes with a challenges file, not with a folder");
            LoadFolder(path, acc);
        }
        else if (File.Exists(path))
        {
            if (solutions is not null && !File.Exists(solutions))
                throw new HrmException($"{solutions}: no such solutions file");
            LoadFile(path, Path.GetFileName(path), solutions, acc);
        }
        else
        {
            throw new HrmException($"{path}: no such file or folder");
        }
        return new TaskLoadResult(acc.Tasks, acc.Problems, acc.Files, acc.BadFiles.Count);
    }

    /// <summary>The solutions file that goes with a challenges file, when it exists beside it.</summary>
    public static string? SolutionsBeside(string challengesPath)
    {
        if (!challengesPath.EndsWith(ChallengesSuffix, StringComparison.Ordinal)) return null;
        string candidate = challengesPath[..^ChallengesSuffix.Length] + SolutionsSuffix;
        return File.Exists(candidate) ? candidate : null;
    }

    private static void LoadFolder(string folder, Accumulator acc)
    {
        List<string> files;
        try
        {
            files = Directory.EnumerateFiles(folder, "*.json", SearchOption.AllDirectories)
                             .Order(StringComparer.Ordinal).ToList();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new HrmException($"{folder}: cannot list the folder: {ex.Message}");
        }
        if (files.Count == 0) throw new HrmException($"{folder}: no .json task files in this folder");

        foreach (string file in files)
        {
            // A solutions file is read together with its challenges file.
            if (file.EndsWith(SolutionsSuffix, StringComparison.Ordinal)
                && File.Exists(file[..^SolutionsSuffix.Length] + ChallengesSuffix))
                continue;
            LoadFile(file, Path.GetRelativePath(folder, file).Replace('\\', '/'), explicitSolutions: null, acc);
        }
    }

    private static void LoadFile(string path, string display, string? explicitSolutions, Accumulator acc)
    {
        using var doc = acc.ReadJson(path, display);
        if (doc is null) return;
        var root = doc.RootElement;
        int before = acc.Problems.Count;

        if (root.ValueKind == JsonValueKind.Object && (root.TryGetProperty("train", out _) || root.TryGetProperty("test", out _)))
        {
            if (explicitSolutions is not null)
                acc.Problems.Add($"{display}: is a single task; a solutions file goes with a challenges file");
            string id = Path.GetFileNameWithoutExtension(path);
            if (ArcJsonReader.ReadTask(root, id, display, acc.Problems) is { } task) acc.Add(task, display);
        }
        else if (root.ValueKind != JsonValueKind.Object)
        {
            acc.Problems.Add($"{display}: expected a task object or a challenges map, found {ArcJsonReader.Describe(root)}");
        }
        else if (!root.EnumerateObject().Any())
        {
            acc.Problems.Add($"{display}: no tasks (empty object)");
        }
        else if (root.EnumerateObject().First().Value.ValueKind == JsonValueKind.Array)
        {
            acc.Problems.Add($"{display}: looks like a solutions file (task id -> outputs); load its challenges file instead");
        }
        else
        {
            string? solutions = explicitSolutions ?? SolutionsBeside(path);
            string? solutionsDisplay = solutions is null ? null
                : Path.Combine(Path.GetDirectoryName(display) ?? "", Path.GetFileName(solutions)).Replace('\\', '/');
            LoadChallenges(root, display, solutions, solutionsDisplay, acc);
            return; // it keeps the books of its two files itself
        }
        acc.FileDone(display, before);
    }

    private static void LoadChallenges(JsonElement root, string display, string? solutionsPath, string? solutionsDisplay, Accumulator acc)
    {
        int before = acc.Problems.Count;
        var tasks = new List<ArcTask>();
        // Test counts of every entry whose "test" is a list, valid or not, so the solutions can be checked against them.
        var testCounts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var entry in root.EnumerateObject())
        {
            if (entry.Value.ValueKind == JsonValueKind.Object && entry.Value.TryGetProperty("test", out var test)
                && test.ValueKind == JsonValueKind.Array)
                testCounts[entry.Name] = test.GetArrayLength();
            if (ArcJsonReader.ReadTask(entry.Value, entry.Name, display, acc.Problems) is { } task) tasks.Add(task);
        }
        acc.FileDone(display, before);

        if (solutionsPath is not null)
        {
            int beforeSolutions = acc.Problems.Count;
            var outputs = ReadSolutions(solutionsPath, solutionsDisplay!, display, testCounts, acc);
            if (outputs is not null)
                tasks = tasks.Select(t => WithSolutions(t, outputs, solutionsDisplay!, acc.Problems)).OfType<ArcTask>().ToList();
            acc.FileDone(solutionsDisplay!, beforeSolutions);
            if (outputs is null) return;
        }
        int beforeAdd = acc.Problems.Count;
        foreach (var t in tasks) acc.Add(t, display);
        acc.FileDone(display, beforeAdd);
    }

    /// <summary>Reads <c>{id: [grid, ...]}</c>, checking it task by task against the challenges; null when unreadable.</summary>
    private static Dictionary<string, Grid?[]>? ReadSolutions(string path, string display, string challengesDisplay,
                                                               Dictionary<string, int> testCounts, Accumulator acc)
    {
        using var doc = acc.ReadJson(path, display);
        if (doc is null) return null;
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            acc.Problems.Add($"{display}: expected an object mapping task ids to lists of output grids, found {ArcJsonReader.Describe(root)}");
            return null;
        }
        var outputs = new Dictionary<string, Grid?[]>(StringComparer.Ordinal);
        foreach (var entry in root.EnumerateObject())
        {
            string where = $"{display}: task {entry.Name}";
            if (!testCounts.TryGetValue(entry.Name, out int expected))
            {
                acc.Problems.Add($"{where}: not in {challengesDisplay}");
                continue;
            }
            if (entry.Value.ValueKind != JsonValueKind.Array)
            {
                acc.Problems.Add($"{where}: expected a list of output grids, found {ArcJsonReader.Describe(entry.Value)}");
                continue;
            }
            int count = entry.Value.GetArrayLength();
            if (count != expected)
            {
                acc.Problems.Add($"{where}: {count} test output{(count == 1 ? "" : "s")} but {challengesDisplay} has {expected} test input{(expected == 1 ? "" : "s")}");
                continue;
            }
            var grids = new Grid?[count];
            int i = 0;
            foreach (var g in entry.Value.EnumerateArray())
            {
                grids[i] = ArcJsonReader.ReadGrid(g, $"{where}, test[{i}].output", acc.Problems);
                i++;
            }
            outputs[entry.Name] = grids;
        }
        foreach (string id in testCounts.Keys)
            if (!root.TryGetProperty(id, out _))
                acc.Problems.Add($"{display}: task {id}: missing (it is in {challengesDisplay})");
        return outputs;
    }

    private static ArcTask? WithSolutions(ArcTask task, Dictionary<string, Grid?[]> outputs, string display, List<string> problems)
    {
        if (!outputs.TryGetValue(task.Id, out var grids) || grids.Any(g => g is null)) return null; // already reported
        var test = new Pair[task.Test.Count];
        for (int i = 0; i < test.Length; i++)
        {
            var known = task.Test[i].Output;
            if (known is not null && known != grids[i])
            {
                problems.Add($"{display}: task {task.Id}, test[{i}].output: differs from the output in the challenges file");
                return null;
            }
            test[i] = task.Test[i] with { Output = grids[i] };
        }
        return task with { Test = test };
    }

    /// <summary>Collects tasks and problems across files; catches duplicate ids between files.</summary>
    private sealed class Accumulator
    {
        private readonly Dictionary<string, string> _origin = new(StringComparer.Ordinal);

        public List<ArcTask> Tasks { get; } = [];
        public List<string> Problems { get; } = [];
        public int Files { get; private set; }
        public HashSet<string> BadFiles { get; } = new(StringComparer.Ordinal);

        public JsonDocument? ReadJson(string path, string display)
        {
            Files++;
            byte[] bytes;
            try
            {
                bytes = File.ReadAllBytes(path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Problems.Add($"{display}: cannot read: {ex.Message}");
                BadFiles.Add(display);
                return null;
            }
            var doc = ArcJsonReader.Parse(bytes, display, Problems);
            if (doc is null) BadFiles.Add(display);
            return doc;
        }

        /// <summary>Marks <paramref name="file"/> bad when problems were added since the count was <paramref name="before"/>.</summary>
        public void FileDone(string file, int before)
        {
            if (Problems.Count > before) BadFiles.Add(file);
        }

        public void Add(ArcTask task, string file)
        {
            if (_origin.TryGetValue(task.Id, out string? other))
            {
                Problems.Add($"{file}: task {task.Id}: duplicate task id (also in {other})");
                return;
            }
            _origin[task.Id] = file;
            Tasks.Add(task);
        }
    }
}
