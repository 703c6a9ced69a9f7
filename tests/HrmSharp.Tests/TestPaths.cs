namespace HrmSharp.Tests;

/// <summary>Locates test inputs: the parity fixtures (copied into this project) and the ARC data beside the repo (CI has it).</summary>
public static class TestPaths
{
    public static string Fixtures => Path.Combine(AppContext.BaseDirectory, "Fixtures");

    /// <summary>The shared ARC data folder (…/shared/data), or null when this checkout has none beside it.</summary>
    public static string? SharedData
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                foreach (var candidate in new[] { Path.Combine(dir.FullName, "shared", "data"), Path.Combine(dir.FullName, "..", "shared", "data") })
                    if (Directory.Exists(Path.Combine(candidate, "arc-agi-1")))
                        return Path.GetFullPath(candidate);
            }
            return null;
        }
    }

    /// <summary>Path to a folder under shared/data, or skips the calling [SkippableFact] with a clear reason.</summary>
    public static string RequireArc(string relative)
    {
        var root = SharedData;
        Skip.If(root is null, $"ARC data not found (expected ../shared/data/{relative} beside the repository; see README 'Data').");
        var path = Path.Combine(root!, relative);
        Skip.IfNot(Directory.Exists(path) || File.Exists(path), $"ARC data not found at {path}.");
        return path;
    }
}
