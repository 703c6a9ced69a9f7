namespace HrmSharp.Data.Synthetic;

/// <summary>
/// Knobs shared by every family. <see cref="MaxSize"/> bounds every side of every grid (inputs and outputs);
/// the default keeps grids small (≤ 12, like most ARC-1 training pairs) because small tasks train fastest on CPU.
/// </summary>
public sealed record SynthOptions
{
    public const int SmallestMaxSize = 3;

    public int MaxSize { get; init; } = 12;
    public int MinDemos { get; init; } = 2;
    public int MaxDemos { get; init; } = 5;
    public int MinTests { get; init; } = 1;
    public int MaxTests { get; init; } = 2;

    /// <summary>Throws <see cref="HrmException"/> listing every out-of-range knob.</summary>
    public SynthOptions Validated()
    {
        var problems = new List<string>();
        if (MaxSize < SmallestMaxSize || MaxSize > Grid.MaxSide)
            problems.Add($"max size {MaxSize} is outside {SmallestMaxSize}..{Grid.MaxSide}");
        if (MinDemos < 1 || MaxDemos < MinDemos)
            problems.Add($"demos {MinDemos}..{MaxDemos} is not a valid range (at least 1)");
        if (MinTests < 1 || MaxTests < MinTests)
            problems.Add($"tests {MinTests}..{MaxTests} is not a valid range (at least 1)");
        HrmException.ThrowIfAny(problems);
        return this;
    }
}
