using System.Text.Json;
using System.Text.Json.Nodes;
using HrmSharp.IO;

namespace HrmSharp.Training;

/// <summary>
/// Where checkpoints live: checkpoints/checkpoint-&lt;step&gt; folders, and checkpoints/latest naming the newest. A folder is
/// written under a temporary name and renamed into place, then latest is rewritten atomically, so a crash leaves the
/// previous checkpoint intact.
/// </summary>
public static class CheckpointFolders
{
    public const string LatestFile = "latest";
    private const string Prefix = "checkpoint-";

    public static string Name(long step) => $"{Prefix}{step:D7}";

    /// <summary>
    /// Writes checkpoints/checkpoint-&lt;step&gt;: <paramref name="writeFiles"/> fills a temporary folder, trainer.json
    /// (format, step, elapsed time, each file's size, the config, and <paramref name="extraInfo"/>) is added, the folder
    /// is renamed into place and checkpoints/latest rewritten, so a crash leaves the previous checkpoint intact.
    /// </summary>
    public static string Write(string checkpointsDir, long step, double elapsedSeconds, TrainConfig config, JsonObject? extraInfo,
        Action<string> writeFiles)
    {
        Directory.CreateDirectory(checkpointsDir);
        var name = Name(step);
        var final = Path.Combine(checkpointsDir, name);
        var temp = Path.Combine(checkpointsDir, $".{name}.{Guid.NewGuid():N}.tmp");
        Directory.CreateDirectory(temp);
        try
        {
            writeFiles(temp);
            var files = new JsonObject();
            foreach (var file in Directory.EnumerateFiles(temp).Order(StringComparer.Ordinal))
                files[Path.GetFileName(file)] = new FileInfo(file).Length;
            var info = new JsonObject
            {
                ["format"] = Checkpoint.Format,
                ["version"] = Checkpoint.Version,
                ["step"] = step,
                ["elapsed_seconds"] = elapsedSeconds,
            };
            foreach (var (key, value) in extraInfo ?? [])
                info[key] = value?.DeepClone();
            info["files"] = files;
            info["config"] = config.ToNode();
            File.WriteAllText(Path.Combine(temp, Checkpoint.InfoFile), info.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));

            if (Directory.Exists(final))
                Directory.Delete(final, recursive: true); // a resumed run overwriting its own later checkpoint
            Directory.Move(temp, final);
        }
        catch
        {
            try { Directory.Delete(temp, recursive: true); } catch (IOException) { }
            throw;
        }
        AtomicFile.WriteAllText(Path.Combine(checkpointsDir, LatestFile), name + "\n");
        return final;
    }

    /// <summary>Checkpoint folders in step order (oldest first).</summary>
    public static IReadOnlyList<string> List(string checkpointsDir) =>
        Directory.Exists(checkpointsDir)
            ? [.. Directory.EnumerateDirectories(checkpointsDir, Prefix + "*").Where(d => StepOf(d) is not null).OrderBy(d => StepOf(d))]
            : [];

    private static long? StepOf(string folder) =>
        long.TryParse(Path.GetFileName(folder)[Prefix.Length..], out var s) ? s : null;

    /// <summary>The folder checkpoints/latest names, or null when there is no checkpoint yet.</summary>
    public static string? Latest(string checkpointsDir)
    {
        var pointer = Path.Combine(checkpointsDir, LatestFile);
        if (!File.Exists(pointer))
            return null;
        var name = File.ReadAllText(pointer).Trim();
        var folder = Path.Combine(checkpointsDir, name);
        if (name.Length == 0 || name.Contains('/') || name.Contains('\\') || !Directory.Exists(folder))
            throw new HrmException($"{pointer}: names '{name}', which is not a checkpoint folder beside it");
        return folder;
    }

    /// <summary>A checkpoint folder from a run folder (its latest), a checkpoints folder (its latest) or a checkpoint folder itself.</summary>
    public static string Resolve(string path)
    {
        if (File.Exists(Path.Combine(path, Checkpoint.InfoFile)))
            return path;
        if (!Directory.Exists(path))
            throw new HrmException($"{path}: no such checkpoint or run folder");
        foreach (var dir in new[] { Path.Combine(path, "checkpoints"), path })
            if (Latest(dir) is { } latest)
                return latest;
        throw new HrmException($"{path}: not a checkpoint (no {Checkpoint.InfoFile}) and holds no checkpoints/{LatestFile}");
    }
}
