namespace HrmSharp.IO;

/// <summary>
/// Reading a file the user named: an I/O failure (missing, unreadable, a folder) becomes one <see cref="HrmException"/>
/// line naming the file, which the CLI reports as bad input (exit 2) instead of a stack trace.
/// </summary>
public static class InputFile
{
    public static byte[] ReadAllBytes(string path) => Read(path, File.ReadAllBytes);

    public static string ReadAllText(string path) => Read(path, File.ReadAllText);

    public static string[] ReadAllLines(string path) => Read(path, File.ReadAllLines);

    private static T Read<T>(string path, Func<string, T> read)
    {
        try
        {
            return read(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new HrmException($"{path}: cannot read: {ex.Message}");
        }
    }
}
