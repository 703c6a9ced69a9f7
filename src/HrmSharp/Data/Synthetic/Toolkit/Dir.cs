namespace HrmSharp.Data.Synthetic.Toolkit;

/// <summary>A compass direction on the grid (rows grow downward).</summary>
public enum Dir
{
    Up,
    Down,
    Left,
    Right,
}

internal static class DirExtensions
{
    public static IReadOnlyList<Dir> All { get; } = [Dir.Up, Dir.Down, Dir.Left, Dir.Right];

    public static (int Dr, int Dc) Step(this Dir d) => d switch
    {
        Dir.Up => (-1, 0),
        Dir.Down => (1, 0),
        Dir.Left => (0, -1),
        _ => (0, 1),
    };

    /// <summary>
    /// Re-orients a grid so that motion toward <paramref name="d"/> becomes motion down. Checks of directional rules
    /// run in this canonical frame, a separate path from the rules' direct index arithmetic.
    /// </summary>
    public static Grid ToDown(Grid g, Dir d) => d switch
    {
        Dir.Down => g,
        Dir.Up => Dihedral.FlipRows(g),
        Dir.Right => Dihedral.Transpose(g),
        _ => Dihedral.FlipRows(Dihedral.Transpose(g)),
    };

    /// <summary>The inverse of <see cref="ToDown"/>: draws made in the canonical frame are turned to face <paramref name="d"/>.</summary>
    public static Grid FromDown(Grid g, Dir d) => d switch
    {
        Dir.Down => g,
        Dir.Up => Dihedral.FlipRows(g),
        Dir.Right => Dihedral.Transpose(g),
        _ => Dihedral.Transpose(Dihedral.FlipRows(g)),
    };
}
