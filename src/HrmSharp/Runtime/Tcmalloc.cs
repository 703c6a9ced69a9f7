using System.Diagnostics;

namespace HrmSharp.Runtime;

/// <summary>
/// glibc malloc makes large tensor steps 1.4–1.6× slower than tcmalloc (docs/BENCHMARKS.md). LD_PRELOAD must be set
/// before the process starts, so when tcmalloc is installed and not yet loaded we run ourselves again with it preloaded.
/// Works the same from `dotnet run`, the ./hrm wrapper and a published binary. HRM_TCMALLOC=0 turns it off.
/// </summary>
public static class Tcmalloc
{
    private static readonly string[] Candidates =
    [
        "/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4",
        "/usr/lib/x86_64-linux-gnu/libtcmalloc.so.4",
        "/usr/lib/aarch64-linux-gnu/libtcmalloc_minimal.so.4",
        "/usr/lib64/libtcmalloc_minimal.so.4",
        "/usr/lib/libtcmalloc_minimal.so.4",
    ];

    public static string? FindLibrary() => Candidates.FirstOrDefault(File.Exists);

    public static bool IsLoaded() =>
        (Environment.GetEnvironmentVariable("LD_PRELOAD") ?? "").Contains("tcmalloc", StringComparison.Ordinal);

    /// <summary>Returns the child's exit code when it re-ran the program under tcmalloc, otherwise null (carry on here).</summary>
    public static int? MaybeRelaunch(string[] args)
    {
        if (!OperatingSystem.IsLinux() || IsLoaded()) return null;
        if (Environment.GetEnvironmentVariable("HRM_TCMALLOC") is "0" or "false" or "off") return null;
        if (Environment.GetEnvironmentVariable("HRM_TCMALLOC_RELAUNCHED") == "1") return null; // never loop
        string? lib = FindLibrary();
        string? self = Environment.ProcessPath;
        if (lib is null || self is null) return null;

        var psi = new ProcessStartInfo(self) { UseShellExecute = false };
        // When run as `dotnet hrm.dll`, ProcessPath is the dotnet host: pass the program's assembly along (the entry
        // assembly, not this library's: `dotnet HrmSharp.dll` is no program).
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            string? dll = System.Reflection.Assembly.GetEntryAssembly()?.Location;
            if (string.IsNullOrEmpty(dll)) return null;
            psi.ArgumentList.Add(dll);
        }
        foreach (var a in args) psi.ArgumentList.Add(a);
        string preload = Environment.GetEnvironmentVariable("LD_PRELOAD") ?? "";
        psi.Environment["LD_PRELOAD"] = string.IsNullOrEmpty(preload) ? lib : lib + ":" + preload;
        psi.Environment["HRM_TCMALLOC_RELAUNCHED"] = "1";
        try
        {
            using var child = Process.Start(psi);
            if (child is null) return null;
            // Ctrl+C reaches the child too (same process group); we just wait for it to finish cleanly.
            Console.CancelKeyPress += (_, e) => e.Cancel = true;
            child.WaitForExit();
            return child.ExitCode;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
