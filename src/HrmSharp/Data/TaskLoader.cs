using System.Text.Json;
using HrmSharp.IO;

namespace HrmSharp.Data;

/// <summary>
/// Loads ARC tasks from any of the published layouts, detected from the path and the content:
/// <list type="bullet">
/// <item>a folder of per-task files (<c>&lt;id&gt;.json</c>, searched recursively, so <c>arc-agi-1</c> gives training and evaluation);</item>
/// <item>one task file <c>{"train": [...], "test": [...]}</c> (id = file name without .json);</item>
/// <item>a Kaggle challenges file <c>{id: task}</c>; its solutions file <c>{id: [output, ...]}</c> is taken from the
/// argument, or else from the matching <c>..._solutions.json</c> beside it when that exists.</item>
/// </list>
/// Every problem in every file is collected.
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

    /// <summary>What a JSON file holds, judged from its top-level keys and values.</summary>
    private enum Layout { Task, Challenges, Solutions, Empty, NotAnObject }

    private static void LoadFile(string path, string display, string? explicitSolutions, Accumulator acc)
    {
        if (acc.ReadBytes(path, display) is not { } bytes) return;
        int before = acc.Problems.Count;
        try
        {
            var reader = ArcJsonReader.Open(bytes);
            ArcJsonReader.Next(ref reader);
            var start = reader; // a struct copy: a checkpoint to parse from after peeking at the layout
            switch (Detect(ref reader))
            {
                case Layout.Task:
                    if (explicitSolutions is not null)
                        acc.Problems.Add($"{display}: is a single task; a solutions file goes with a challenges file");
                    reader = start;
                    string id = Path.GetFileNameWithoutExtension(path);
                    var task = ArcJsonReader.ReadTask(ref reader, id, display, acc.Problems, out _);
                    ArcJsonReader.ExpectEnd(ref reader);
                    if (task is not null) acc.Add(task, display);
                    break;
                case Layout.NotAnObject:
                    reader = start;
                    acc.Problems.Add($"{display}: expected a task object or a challenges map, found {ArcJsonReader.Describe(ref reader)}");
                    break;
                case Layout.Empty:
                    acc.Problems.Add($"{display}: no tasks (empty object)");
                    break;
                case Layout.Solutions:
                    acc.Problems.Add($"{display}: looks like a solutions file (task id -> outputs); load its challenges file instead");
                    break;
                case Layout.Challenges:
                    reader = start;
                    var (tasks, testCounts) = ReadChallenges(ref reader, display, acc.Problems);
                    acc.FileDone(display, before);
                    string? solutions = explicitSolutions ?? SolutionsBeside(path);
                    if (solutions is not null)
                    {
                        // Named as the user gave it, or beside the challenges file as that one is named.
                        string solutionsDisplay = explicitSolutions
                            ?? Path.Combine(Path.GetDirectoryName(display) ?? "", Path.GetFileName(solutions)).Replace('\\', '/');
                        tasks = AddSolutions(tasks, testCounts, solutions, solutionsDisplay, display, acc);
                    }
                    before = acc.Problems.Count;
                    foreach (var t in tasks) acc.Add(t, display);
                    break;
            }
        }
        catch (JsonException ex)
        {
            // A syntax error makes everything read before it doubtful: report the file as the one broken thing it is.
            acc.Problems.RemoveRange(before, acc.Problems.Count - before);
            acc.Problems.Add(JsonInput.InvalidJson(display, ex));
        }
        acc.FileDone(display, before);
    }

    /// <summary>
    /// Peeks at the top level: a task has a "train" or "test" key; in a challenges map the values are task objects,
    /// in a solutions map lists of grids. Other keys with plain values (a task's "name") are passed over.
    /// </summary>
    private static Layout Detect(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject) return Layout.NotAnObject;
        bool any = false;
        for (ArcJsonReader.Next(ref reader); reader.TokenType != JsonTokenType.EndObject; ArcJsonReader.Next(ref reader))
        {
            any = true;
            if (reader.ValueTextEquals("train"u8) || reader.ValueTextEquals("test"u8)) return Layout.Task;
            ArcJsonReader.Next(ref reader);
            if (reader.TokenType == JsonTokenType.StartObject) return Layout.Challenges;
            if (reader.TokenType == JsonTokenType.StartArray) return Layout.Solutions;
        }
        return any ? Layout.Task : Layout.Empty; // only plain values: read as a task, which reports what is missing
    }

    private static (List<ArcTask> Tasks, Dictionary<string, int> TestCounts) ReadChallenges(ref Utf8JsonReader reader, string display,
                                                                                             List<string> problems)
    {
        var tasks = new List<ArcTask>();
        // Test counts of every entry whose "test" is a list, valid or not, so the solutions can be checked against them.
        var testCounts = new Dictionary<string, int>(StringComparer.Ordinal);
        for (ArcJsonReader.Next(ref reader); reader.TokenType != JsonTokenType.EndObject; ArcJsonReader.Next(ref reader))
        {
            string id = reader.GetString()!;
            ArcJsonReader.Next(ref reader);
            var task = ArcJsonReader.ReadTask(ref reader, id, display, problems, out int testCount);
            if (testCount >= 0) testCounts[id] = testCount;
            if (task is not null) tasks.Add(task);
        }
        ArcJsonReader.ExpectEnd(ref reader);
        return (tasks, testCounts);
    }

    /// <summary>Reads the solutions file and fills in the test outputs; tasks whose solutions have problems are dropped.</summary>
    private static List<ArcTask> AddSolutions(List<ArcTask> tasks, Dictionary<string, int> testCounts, string path, string display,
                                              string challengesDisplay, Accumulator acc)
    {
        if (acc.ReadBytes(path, display) is not { } bytes) return [];
        int before = acc.Problems.Count;
        Dictionary<string, Grid?[]> outputs;
        try
        {
            var reader = ArcJsonReader.Open(bytes);
            ArcJsonReader.Next(ref reader);
            outputs = ReadSolutions(ref reader, display, challengesDisplay, testCounts, acc.Problems);
            ArcJsonReader.ExpectEnd(ref reader);
        }
        catch (JsonException ex)
        {
            acc.Problems.RemoveRange(before, acc.Problems.Count - before);
            acc.Problems.Add(JsonInput.InvalidJson(display, ex));
            outputs = [];
        }
        var result = tasks.Select(t => WithSolutions(t, outputs, display, acc.Problems)).OfType<ArcTask>().ToList();
        acc.FileDone(display, before);
        return result;
    }

    /// <summary>Reads <c>{id: [grid, ...]}</c>, checking it task by task against the challenges.</summary>
    private static Dictionary<string, Grid?[]> ReadSolutions(ref Utf8JsonReader reader, string display, string challengesDisplay,
                                                             Dictionary<string, int> testCounts, List<string> problems)
    {
        var outputs = new Dictionary<string, Grid?[]>(StringComparer.Ordinal);
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            problems.Add($"{display}: expected an object mapping task ids to lists of output grids, found {ArcJsonReader.Describe(ref reader)}");
            return outputs;
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (ArcJsonReader.Next(ref reader); reader.TokenType != JsonTokenType.EndObject; ArcJsonReader.Next(ref reader))
        {
            string id = reader.GetString()!;
            string where = $"{display}: task {id}";
            ArcJsonReader.Next(ref reader);
            seen.Add(id);
            if (!testCounts.TryGetValue(id, out int expected))
            {
                problems.Add($"{where}: not in {challengesDisplay}");
                reader.Skip();
                continue;
            }
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                problems.Add($"{where}: expected a list of output grids, found {ArcJsonReader.Describe(ref reader)}");
                continue;
            }
            var grids = new List<Grid?>();
            for (ArcJsonReader.Next(ref reader); reader.TokenType != JsonTokenType.EndArray; ArcJsonReader.Next(ref reader))
                grids.Add(ArcJsonReader.ReadGrid(ref reader, $"{where}, test[{grids.Count}].output", problems));
            if (grids.Count != expected)
                problems.Add($"{where}: {grids.Count} test output{(grids.Count == 1 ? "" : "s")} but {challengesDisplay} has " +
                             $"{expected} test input{(expected == 1 ? "" : "s")}");
            else
                outputs[id] = grids.ToArray();
        }
        foreach (string id in testCounts.Keys)
            if (!seen.Contains(id))
                problems.Add($"{display}: task {id}: missing (it is in {challengesDisplay})");
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

        /// <summary>The file's bytes, or null after reporting why it cannot be read.</summary>
        public byte[]? ReadBytes(string path, string display)
        {
            Files++;
            try
            {
                return File.ReadAllBytes(path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Problems.Add($"{display}: cannot read: {ex.Message}");
                BadFiles.Add(display);
                return null;
            }
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
