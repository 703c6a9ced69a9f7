namespace HrmSharp.Data.Sudoku;

/// <summary>
/// A validity-preserving Sudoku symmetry: relabel digits, reorder bands and rows within each band, stacks and columns
/// within each stack, then optionally transpose. Any such map sends solved grids to solved grids and a puzzle's unique
/// solution to the transformed puzzle's unique solution. Applied as
/// <c>out[r, c] = digit[in[rows[r], cols[c]]]</c>, then transposed when <see cref="Transpose"/> is set.
/// </summary>
public sealed class SudokuTransform
{
    private readonly int[] _rows;   // new row r comes from old row _rows[r]
    private readonly int[] _cols;   // new column c comes from old column _cols[c]
    private readonly byte[] _digit; // old digit d becomes _digit[d]; _digit[0] = 0 keeps blanks blank

    public bool Transpose { get; }

    public static SudokuTransform Identity { get; } = new([0, 1, 2, 3, 4, 5, 6, 7, 8], [0, 1, 2, 3, 4, 5, 6, 7, 8], [1, 2, 3, 4, 5, 6, 7, 8, 9], false);

    /// <param name="rows">A permutation of 0..8 that keeps bands together: rows 3b..3b+2 all come from one band.</param>
    /// <param name="cols">The same for columns and stacks.</param>
    /// <param name="digits">digits[d - 1] is the new digit for old digit d: a permutation of 1..9.</param>
    public SudokuTransform(IReadOnlyList<int> rows, IReadOnlyList<int> cols, IReadOnlyList<int> digits, bool transpose)
    {
        _rows = CheckLines(rows, nameof(rows));
        _cols = CheckLines(cols, nameof(cols));
        if (digits.Count != 9 || digits.Order().Select((d, i) => d == i + 1).Any(ok => !ok))
            throw new ArgumentException($"digits must be a permutation of 1..9: [{string.Join(",", digits)}]", nameof(digits));
        _digit = [0, .. digits.Select(d => (byte)d)];
        Transpose = transpose;
    }

    public IReadOnlyList<int> Rows => _rows;
    public IReadOnlyList<int> Cols => _cols;
    public IReadOnlyList<int> Digits => _digit.Skip(1).Select(d => (int)d).ToArray();

    /// <summary>A uniformly random element of the group (3!⁴ row and 3!⁴ column orders, 9! relabelings, transpose).</summary>
    public static SudokuTransform Random(Random rng)
    {
        int[] digits = [1, 2, 3, 4, 5, 6, 7, 8, 9];
        rng.Shuffle(digits);
        return new SudokuTransform(RandomLines(rng), RandomLines(rng), digits, rng.Next(2) == 1);
    }

    public Grid Apply(Grid g)
    {
        if (g.Rows != 9 || g.Cols != 9) throw new ArgumentException($"a sudoku is 9x9, not {g.Rows}x{g.Cols}");
        return Transpose
            ? Grid.Create(9, 9, (r, c) => _digit[g[_rows[c], _cols[r]]])
            : Grid.Create(9, 9, (r, c) => _digit[g[_rows[r], _cols[c]]]);
    }

    public SudokuPuzzle Apply(SudokuPuzzle p) => new(Apply(p.Question), Apply(p.Solution), p.Effort, p.Source);

    /// <summary>
    /// The exact inverse. Without transpose it inverts each permutation; with transpose the roles swap: undoing
    /// out[r, c] = d[in[rows[c], cols[r]]] needs rows' = cols⁻¹ and cols' = rows⁻¹, again followed by a transpose.
    /// </summary>
    public SudokuTransform Inverse()
    {
        var rowsInv = Invert(_rows);
        var colsInv = Invert(_cols);
        var digitInv = new int[9];
        for (int d = 1; d <= 9; d++) digitInv[_digit[d] - 1] = d;
        return Transpose ? new(colsInv, rowsInv, digitInv, true) : new(rowsInv, colsInv, digitInv, false);
    }

    /// <summary>Stable short text: rows, columns, digits, transpose, e.g. "r012345678 c012345678 d123456789 t0".</summary>
    public override string ToString() =>
        $"r{string.Concat(_rows)} c{string.Concat(_cols)} d{string.Concat(Digits)} t{(Transpose ? 1 : 0)}";

    private static int[] RandomLines(Random rng)
    {
        int[] bands = [0, 1, 2];
        rng.Shuffle(bands);
        var lines = new int[9];
        for (int b = 0; b < 3; b++)
        {
            int[] within = [0, 1, 2];
            rng.Shuffle(within);
            for (int i = 0; i < 3; i++) lines[b * 3 + i] = bands[b] * 3 + within[i];
        }
        return lines;
    }

    private static int[] CheckLines(IReadOnlyList<int> lines, string name)
    {
        if (lines.Count != 9 || lines.Order().Select((x, i) => x == i).Any(ok => !ok))
            throw new ArgumentException($"{name} must be a permutation of 0..8: [{string.Join(",", lines)}]", name);
        for (int i = 0; i < 9; i++)
            if (lines[i] / 3 != lines[i / 3 * 3] / 3)
                throw new ArgumentException($"{name} [{string.Join(",", lines)}] splits a band: positions {i / 3 * 3}..{i / 3 * 3 + 2} must come from one band", name);
        return lines.ToArray();
    }

    private static int[] Invert(int[] perm)
    {
        var inv = new int[perm.Length];
        for (int i = 0; i < perm.Length; i++) inv[perm[i]] = i;
        return inv;
    }
}
