namespace HrmSharp.Data.Maze;

/// <summary>Controls for <see cref="MazeGenerator"/>.</summary>
/// <param name="Size">Side N of the N×N maze (5..30; 30 fills the model's canvas, as Maze-Hard does).</param>
/// <param name="MinPath">Reject and redraw mazes whose shortest S→G path has fewer steps ("hard" mazes).</param>
/// <param name="Openings">Probability of removing each remaining wall between two carved cells. A carved maze is a
/// tree with exactly one route; openings add loops so the shortest path is a real choice among routes.</param>
/// <param name="MaxAttempts">Mazes drawn per puzzle before giving up, so an unreachable MinPath fails instead of hanging.</param>
public sealed record MazeGeneratorOptions(int Size = 30, int MinPath = 0, double Openings = 0.05, int MaxAttempts = 1000)
{
    public const int MinSize = 5;

    public IReadOnlyList<string> Problems()
    {
        var p = new List<string>();
        if (Size is < MinSize or > Grid.MaxSide) p.Add($"size {Size} is outside {MinSize}..{Grid.MaxSide}");
        if (MinPath < 0) p.Add($"min-path {MinPath} is negative");
        else if (MinPath >= Size * Size) p.Add($"min-path {MinPath} cannot fit in a {Size}x{Size} maze");
        if (double.IsNaN(Openings) || Openings is < 0 or > 1) p.Add($"openings {Openings} is outside 0..1");
        if (MaxAttempts < 1) p.Add($"max-attempts {MaxAttempts} must be at least 1");
        return p;
    }

    public void Validate()
    {
        var p = Problems();
        HrmException.ThrowIfAny(p);
    }
}
