namespace HrmSharp.Experiments;

/// <summary>One setting of some axes: its (key, value) pairs in axis order, and the folder name they give.</summary>
public sealed record AblationPoint(IReadOnlyList<(string Key, string Value)> Settings)
{
    public static readonly AblationPoint Empty = new([]);

    /// <summary>"key=value" joined by ',' with characters that are unsafe in a file name replaced ("run" when empty).</summary>
    public string FolderName => Settings.Count == 0 ? "run"
        : new([.. string.Join(',', Settings.Select(s => $"{s.Key}={s.Value}"))
            .Select(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_' or '.' or '=' or ',' or '@' ? ch : '_')]);

    public string? ValueOf(string key) => Settings.FirstOrDefault(s => s.Key == key).Value;

    /// <summary>Every combination of the axes' values, the first axis varying slowest.</summary>
    public static IReadOnlyList<AblationPoint> Grid(IReadOnlyList<AblationAxis> axes)
    {
        IEnumerable<AblationPoint> points = [Empty];
        foreach (var axis in axes)
            points = points.SelectMany(p => axis.Values.Select(v => new AblationPoint([.. p.Settings, (axis.Key, v)])));
        return [.. points];
    }
}
