namespace HrmSharp.Data;

/// <summary>
/// An immutable ARC grid: 1..30 rows by 1..30 columns of colours 0..9, stored row-major.
/// Sudoku (digits, 0 = blank) and mazes (symbols mapped to small codes) use the same type.
/// </summary>
public sealed class Grid : IEquatable<Grid>
{
    public const int MaxSide = 30;
    public const int Colours = 10;

    private readonly byte[] _cells;

    public int Rows { get; }
    public int Cols { get; }
    public int Count => _cells.Length;

    private Grid(int rows, int cols, byte[] cells)
    {
        Rows = rows;
        Cols = cols;
        _cells = cells;
    }

    public byte this[int r, int c] => _cells[r * Cols + c];

    /// <summary>A read-only view of the cells, row-major.</summary>
    public ReadOnlySpan<byte> Cells => _cells;

    /// <summary>Builds a grid from row-major cells; throws <see cref="ArgumentException"/> when shape or colours are invalid.</summary>
    public static Grid Create(int rows, int cols, ReadOnlySpan<byte> cells)
    {
        if (rows < 1 || rows > MaxSide || cols < 1 || cols > MaxSide)
            throw new ArgumentException($"grid is {rows}x{cols}; each side must be 1..{MaxSide}");
        if (cells.Length != rows * cols)
            throw new ArgumentException($"grid is {rows}x{cols} but has {cells.Length} cells");
        for (int i = 0; i < cells.Length; i++)
            if (cells[i] >= Colours)
                throw new ArgumentException($"colour {cells[i]} at row {i / cols}, column {i % cols} is outside 0..9");
        return new Grid(rows, cols, cells.ToArray());
    }

    /// <summary>Builds a grid by calling <paramref name="cell"/> for every (row, column).</summary>
    public static Grid Create(int rows, int cols, Func<int, int, int> cell)
    {
        var cells = new byte[rows * cols];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++)
            {
                int v = cell(r, c);
                if (v < 0 || v >= Colours)
                    throw new ArgumentException($"colour {v} at row {r}, column {c} is outside 0..9");
                cells[r * cols + c] = (byte)v;
            }
        return Create(rows, cols, cells);
    }

    public static Grid Filled(int rows, int cols, int colour) => Create(rows, cols, (_, _) => colour);

    /// <summary>Builds a grid from rows of ints (the JSON shape); ragged or empty rows are errors.</summary>
    public static Grid FromRows(IReadOnlyList<IReadOnlyList<int>> rows)
    {
        if (rows.Count == 0) throw new ArgumentException("grid has no rows");
        int cols = rows[0].Count;
        if (cols == 0) throw new ArgumentException("row 0 is empty");
        for (int r = 1; r < rows.Count; r++)
            if (rows[r].Count != cols)
                throw new ArgumentException($"row {r} has {rows[r].Count} cells but row 0 has {cols} (ragged grid)");
        return Create(rows.Count, cols, (r, c) => rows[r][c]);
    }

    public static Grid FromRows(params int[][] rows) => FromRows((IReadOnlyList<IReadOnlyList<int>>)rows);

    public int[][] ToRows()
    {
        var rows = new int[Rows][];
        for (int r = 0; r < Rows; r++)
        {
            rows[r] = new int[Cols];
            for (int c = 0; c < Cols; c++) rows[r][c] = this[r, c];
        }
        return rows;
    }

    public bool Equals(Grid? other) =>
        other is not null && Rows == other.Rows && Cols == other.Cols && _cells.AsSpan().SequenceEqual(other._cells);

    public override bool Equals(object? obj) => obj is Grid g && Equals(g);

    public override int GetHashCode()
    {
        var h = new HashCode();
        h.Add(Rows);
        h.Add(Cols);
        h.AddBytes(_cells);
        return h.ToHashCode();
    }

    public static bool operator ==(Grid? a, Grid? b) => a is null ? b is null : a.Equals(b);
    public static bool operator !=(Grid? a, Grid? b) => !(a == b);

    /// <summary>Compact text form: rows of digits separated by '|', e.g. "012|340".</summary>
    public override string ToString()
    {
        var sb = new System.Text.StringBuilder(Rows * (Cols + 1));
        for (int r = 0; r < Rows; r++)
        {
            if (r > 0) sb.Append('|');
            for (int c = 0; c < Cols; c++) sb.Append((char)('0' + this[r, c]));
        }
        return sb.ToString();
    }

    /// <summary>Parses the <see cref="ToString"/> form.</summary>
    public static Grid Parse(string text)
    {
        var rows = text.Split('|');
        return FromRows(rows.Select(r => (IReadOnlyList<int>)r.Select(ch => ch - '0').ToArray()).ToArray());
    }
}
