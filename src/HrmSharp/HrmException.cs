namespace HrmSharp;

/// <summary>
/// Bad input from a user: a malformed file, an invalid option value, a mismatched checkpoint.
/// The CLI prints <see cref="Exception.Message"/> (one line per problem) and exits with code 2, never a stack trace.
/// </summary>
public class HrmException : Exception
{
    public IReadOnlyList<string> Problems { get; }

    public HrmException(string message) : base(message) => Problems = [message];

    public HrmException(string message, Exception inner) : base(message, inner) => Problems = [message];

    public HrmException(IReadOnlyList<string> problems)
        : base(problems.Count == 1 ? problems[0] : $"{problems.Count} problems:\n" + string.Join("\n", problems)) =>
        Problems = problems;

    /// <summary>Throws one <see cref="HrmException"/> listing <paramref name="problems"/>, if there are any.</summary>
    public static void ThrowIfAny(IReadOnlyList<string> problems)
    {
        if (problems.Count > 0) throw new HrmException(problems);
    }
}
