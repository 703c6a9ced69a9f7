using HrmSharp.Data;

namespace HrmSharp.Augmentation;

/// <summary>
/// One of the 8 symmetries of the square (the dihedral group D4), numbered as HRM's and TRM's dataset code numbers them,
/// so an augmentation id means the same transform there and here:
/// <list type="table">
/// <item>0 identity</item>
/// <item>1 rot90: rotate 90° counter-clockwise (numpy <c>rot90(g, 1)</c>)</item>
/// <item>2 rot180</item>
/// <item>3 rot270: rotate 270° counter-clockwise = 90° clockwise</item>
/// <item>4 flip-lr: mirror left-right (columns reversed)</item>
/// <item>5 flip-ud: mirror up-down (rows reversed)</item>
/// <item>6 transpose: mirror in the main diagonal, (r, c) → (c, r)</item>
/// <item>7 anti-transpose: mirror in the anti-diagonal</item>
/// </list>
/// Non-square grids are fine: 1, 3, 6 and 7 swap the number of rows and columns. <c>default</c> is the identity.
/// </summary>
public readonly record struct Dihedral
{
    public const int Count = 8;

    public int Index { get; }

    public Dihedral(int index)
    {
        if (index is < 0 or >= Count) throw new ArgumentOutOfRangeException(nameof(index), index, "a dihedral transform is 0..7");
        Index = index;
    }

    public static Dihedral Identity => new(0);
    public static Dihedral Rot90 => new(1);
    public static Dihedral Rot180 => new(2);
    public static Dihedral Rot270 => new(3);
    public static Dihedral FlipLeftRight => new(4);
    public static Dihedral FlipUpDown => new(5);
    public static Dihedral Transpose => new(6);
    public static Dihedral AntiTranspose => new(7);

    public static IEnumerable<Dihedral> All => Enumerable.Range(0, Count).Select(i => new Dihedral(i));

    /// <summary>
    /// Each transform as a signed permutation matrix [a b; c d] acting on centred coordinates:
    /// (u', v') = (a·u + b·v, c·u + d·v) with u = row − (rows−1)/2, v = col − (cols−1)/2. Composition and inverse are then
    /// matrix product and transpose, which makes the group laws hold by construction rather than by a hand-written table.
    /// </summary>
    private static ReadOnlySpan<sbyte> Matrices =>
    [
        1, 0, 0, 1,    // 0 identity
        0, -1, 1, 0,   // 1 rot90 ccw: (r, c) → (cols−1−c, r)
        -1, 0, 0, -1,  // 2 rot180
        0, 1, -1, 0,   // 3 rot270 ccw: (r, c) → (c, rows−1−r)
        1, 0, 0, -1,   // 4 flip left-right
        -1, 0, 0, 1,   // 5 flip up-down
        0, 1, 1, 0,    // 6 transpose
        0, -1, -1, 0,  // 7 anti-transpose: (r, c) → (cols−1−c, rows−1−r)
    ];

    public string Name => Index switch
    {
        0 => "identity",
        1 => "rot90",
        2 => "rot180",
        3 => "rot270",
        4 => "flip-lr",
        5 => "flip-ud",
        6 => "transpose",
        _ => "anti-transpose",
    };

    /// <summary>True when the transform exchanges rows and columns (rotations by 90/270 and the two diagonal mirrors).</summary>
    public bool SwapsAxes => Matrices[Index * 4] == 0;

    /// <summary>The shape of a rows×cols grid after the transform.</summary>
    public (int Rows, int Cols) Shape(int rows, int cols) => SwapsAxes ? (cols, rows) : (rows, cols);

    /// <summary>Where cell (row, col) of a rows×cols grid lands after the transform.</summary>
    public (int Row, int Col) Map(int row, int col, int rows, int cols)
    {
        var m = Matrices.Slice(Index * 4, 4);
        // Doubled centred coordinates keep the arithmetic in integers for even sides.
        int u = 2 * row - (rows - 1), v = 2 * col - (cols - 1);
        int u2 = m[0] * u + m[1] * v, v2 = m[2] * u + m[3] * v;
        var (outRows, outCols) = Shape(rows, cols);
        return ((u2 + outRows - 1) / 2, (v2 + outCols - 1) / 2);
    }

    public Grid Apply(Grid grid)
    {
        if (Index == 0) return grid;
        var (rows, cols) = Shape(grid.Rows, grid.Cols);
        var cells = new byte[rows * cols];
        var src = grid.Cells;
        for (int r = 0; r < grid.Rows; r++)
            for (int c = 0; c < grid.Cols; c++)
            {
                var (r2, c2) = Map(r, c, grid.Rows, grid.Cols);
                cells[r2 * cols + c2] = src[r * grid.Cols + c];
            }
        return Grid.Create(rows, cols, cells);
    }

    /// <summary>The transform that undoes this one (the transposed matrix).</summary>
    public Dihedral Inverse
    {
        get
        {
            var m = Matrices.Slice(Index * 4, 4);
            return Find(m[0], m[2], m[1], m[3]);
        }
    }

    /// <summary>
    /// The single transform equal to applying this one first and then <paramref name="then"/>:
    /// <c>a.Compose(b).Apply(g) == b.Apply(a.Apply(g))</c>.
    /// </summary>
    public Dihedral Compose(Dihedral then)
    {
        var a = Matrices.Slice(Index * 4, 4);
        var b = Matrices.Slice(then.Index * 4, 4);
        // Matrix product b·a: the later transform acts on the result of the earlier one.
        return Find(b[0] * a[0] + b[1] * a[2], b[0] * a[1] + b[1] * a[3],
                    b[2] * a[0] + b[3] * a[2], b[2] * a[1] + b[3] * a[3]);
    }

    private static Dihedral Find(int a, int b, int c, int d)
    {
        var all = Matrices;
        for (int i = 0; i < Count; i++)
            if (all[i * 4] == a && all[i * 4 + 1] == b && all[i * 4 + 2] == c && all[i * 4 + 3] == d)
                return new Dihedral(i);
        throw new InvalidOperationException($"[{a} {b}; {c} {d}] is not a symmetry of the square");
    }

    public override string ToString() => Name;
}
