namespace HrmSharp.Training;

/// <summary>
/// The preset configs shipped in configs/*.json (copied next to the executable). A preset is named by its file name
/// without .json (hrm-arc, hrm-tiny, ...) or given as a path to any config file.
/// </summary>
public static class Presets
{
    public const string Default = "hrm-sudoku-tiny";

    /// <summary>configs/ beside the executable, else the repository's configs/ above it (tests, dotnet run).</summary>
    public static string Folder
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "configs");
                if (Directory.Exists(candidate) && Directory.EnumerateFiles(candidate, "*.json").Any())
                    return candidate;
            }
            return Path.Combine(AppContext.BaseDirectory, "configs");
        }
    }

    public static IReadOnlyList<string> Names() =>
        Directory.Exists(Folder)
            ? [.. Directory.EnumerateFiles(Folder, "*.json").Select(f => Path.GetFileNameWithoutExtension(f)!).Order(StringComparer.Ordinal)]
            : [];

    /// <summary>The config of a preset name, or of a file when <paramref name="nameOrPath"/> is one.</summary>
    public static TrainConfig Load(string nameOrPath)
    {
        if (nameOrPath.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || File.Exists(nameOrPath))
            return TrainConfig.Load(nameOrPath);
        var file = Path.Combine(Folder, nameOrPath + ".json");
        if (!File.Exists(file))
            throw new HrmException($"unknown preset '{nameOrPath}' (available: {string.Join(", ", Names())}; or give a path to a .json config)");
        return TrainConfig.Load(file);
    }
}
