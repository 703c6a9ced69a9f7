using System.Diagnostics;
using HrmSharp.Runtime;

namespace HrmSharp.Tests.Runtime;

/// <summary>The relaunch under tcmalloc, end to end: the program started both ways a user starts it.</summary>
public sealed class TcmallocTests
{
    private static (int Exit, string Output) Start(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment.Remove("LD_PRELOAD");
        psi.Environment.Remove("HRM_TCMALLOC");
        psi.Environment.Remove("HRM_TCMALLOC_RELAUNCHED");
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        Assert.True(p.WaitForExit(TimeSpan.FromMinutes(1)), "hrm info did not finish in a minute");
        return (p.ExitCode, stdout.Result + stderr.Result);
    }

    [SkippableTheory]
    [InlineData(false)] // the apphost, ./hrm
    [InlineData(true)]  // dotnet hrm.dll
    public void RelaunchesTheProgramWithTcmallocPreloaded(bool viaDotnet)
    {
        Skip.If(!OperatingSystem.IsLinux() || Tcmalloc.FindLibrary() is null,
            "tcmalloc is not installed (apt-get install libtcmalloc-minimal4; scripts/setup does it)");
        string hrm = Path.Combine(AppContext.BaseDirectory, "hrm");
        var (exit, output) = viaDotnet ? Start("dotnet", hrm + ".dll", "info") : Start(hrm, "info");
        Assert.True(exit == 0, output);
        Assert.Contains("allocator: tcmalloc (LD_PRELOAD)", output);
    }
}
