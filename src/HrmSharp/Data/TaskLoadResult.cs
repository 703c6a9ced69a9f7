namespace HrmSharp.Data;

/// <summary>
/// What loading found: the valid tasks, and one line per problem (empty when everything is valid).
/// <paramref name="Files"/> counts the JSON files read, <paramref name="BadFiles"/> those with at least one problem.
/// </summary>
public sealed record TaskLoadResult(IReadOnlyList<ArcTask> Tasks, IReadOnlyList<string> Problems, int Files, int BadFiles)
{
    public bool IsValid => Problems.Count == 0;
}
