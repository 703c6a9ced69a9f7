using System.Diagnostics;
using System.Globalization;

namespace HrmSharp.Training;

/// <summary>
/// A live run folder's writer lock: an exclusive OS lock (flock on Linux, through .NET's FileShare.None) on RUN/.lock,
/// held while a process trains into the folder. The kernel drops it when the process ends, however it ends (kill -9
/// included), so a stale lock cannot outlive its writer. RUN/.lock.owner names the holder for the refusal message; it
/// may be stale, and is only read when the lock itself is held.
/// </summary>
public sealed class RunLock : IDisposable
{
    public const string LockFile = ".lock";
    public const string OwnerFile = ".lock.owner";

    private readonly FileStream _stream;

    private RunLock(FileStream stream) => _stream = stream;

    /// <summary>Takes the folder's lock (creating the folder), or throws an <see cref="HrmException"/> naming the process that holds it.</summary>
    public static RunLock Acquire(string folder)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, LockFile);
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            throw new HrmException($"{folder}: another process is writing this run ({Owner(folder)}); wait for it to end or stop it, or choose another --out");
        }
        using var self = Process.GetCurrentProcess();
        File.WriteAllText(Path.Combine(folder, OwnerFile),
            string.Create(CultureInfo.InvariantCulture,
                $"process {Environment.ProcessId} ({self.ProcessName}, started {self.StartTime.ToUniversalTime():yyyy-MM-dd HH:mm:ss} UTC)"));
        return new RunLock(stream);
    }

    private static string Owner(string folder)
    {
        try
        {
            return File.ReadAllText(Path.Combine(folder, OwnerFile)).Trim();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return "owner unknown";
        }
    }

    public void Dispose() => _stream.Dispose();
}
