using System.Diagnostics;
using HrmSharp.Training;

namespace HrmSharp.Tests.Training;

/// <summary>One writer per run folder: a live run's folder is locked, and the lock dies with its process.</summary>
public sealed class RunLockTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void ASecondWriterIsRefusedWithTheHoldersProcess()
    {
        var run = _dir.File("run");
        using (var held = RunLock.Acquire(run))
        {
            var (exit, rep) = RecordingReporter.Run("train", "--out", run, "--resume", "--steps", "2");
            Assert.Equal(2, exit);
            Assert.StartsWith($"{run}: another process is writing this run (process {Environment.ProcessId} (", Assert.Single(rep.Errors));
            Assert.False(File.Exists(Path.Combine(run, "config.json"))); // nothing written by the refused writer
        }
        using (RunLock.Acquire(run)) { } // released on dispose
    }

    [SkippableFact]
    public void ALockHeldByAKilledProcessLeavesNothingStale()
    {
        Skip.IfNot(File.Exists("/usr/bin/flock"), "needs util-linux flock(1) to hold the lock from another process");
        var run = _dir.File("run");
        Directory.CreateDirectory(run);
        // Another process (one process: flock --no-fork execs sleep) takes the same kind of lock and keeps it.
        using var holder = Process.Start(new ProcessStartInfo("/usr/bin/flock", ["--no-fork", "-x", Path.Combine(run, RunLock.LockFile), "sleep", "60"]))!;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!IsHeld(run) && DateTime.UtcNow < deadline)
            Thread.Sleep(20);
        Assert.True(IsHeld(run), "the other process never took the lock");

        holder.Kill(entireProcessTree: true); // kill -9: no clean-up runs
        holder.WaitForExit();
        using (RunLock.Acquire(run)) { }
    }

    private static bool IsHeld(string run)
    {
        try
        {
            using (RunLock.Acquire(run)) { }
            return false;
        }
        catch (HrmException)
        {
            return true;
        }
    }
}
