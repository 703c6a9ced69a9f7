namespace HrmSharp.Data.Maze;

/// <summary>
/// The 8 symmetries of the square, local to mazes until a shared augmentation type exists: transform k is
/// "transpose if k ≥ 4, then rotate clockwise k mod 4 times". Paths, walls and distances are preserved exactly.
/// </summary>
public static class MazeDihedral
{
    public const int Count = 8;

    public static Grid Apply(Grid g, int k)
    {
        if (k is < 0 or >= Count) throw new ArgumentOutOfRangeException(nameof(k), k, "dihedral transform is 0..7");
        if (k >= 4) g = Grid.Create(g.Cols, g.Rows, (r, c) => g[c, r]);
        for (int i = 0; i < k % 4; i++)
        {
            var src = g;
            g = Grid.Create(src.Cols, src.Rows, (r, c) => src[src.Rows - 1 - c, r]); // clockwise
        }
        return g;
    }

    /// <summary>Rotations undo by the opposite rotation; the four reflections (k ≥ 4) are their own inverses.</summary>
    public static int Inverse(int k) => k >= 4 ? k : (4 - k) % 4;

    public static MazePuzzle Apply(MazePuzzle p, int k) => new(Apply(p.Question, k), Apply(p.Answer, k), p.PathLength, p.Source);
}
