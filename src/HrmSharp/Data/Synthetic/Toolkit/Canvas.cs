namespace HrmSharp.Data.Synthetic.Toolkit;

/// <summary>A mutable grid to draw on; <see cref="ToGrid"/> validates and freezes it.</summary>
internal sealed class Canvas
{
    public int Rows { get; }
    public int Cols { get; }
    public byte[] Cells { get; }

    public Canvas(int rows, int cols, int fill = 0)
    {
        Rows = rows;
        Cols = cols;
        Cells = new byte[rows * cols];
        if (fill != 0) Array.Fill(Cells, (byte)fill);
    }

    public static Canvas From(Grid g)
    {
        var c = new Canvas(g.Rows, g.Cols);
        g.Cells.CopyTo(c.Cells);
        return c;
    }

    public int this[int r, int c]
    {
        get => Cells[r * Cols + c];
        set => Cells[r * Cols + c] = (byte)value;
    }

    public bool Contains(int r, int c) => r >= 0 && r < Rows && c >= 0 && c < Cols;

    public Grid ToGrid() => Grid.Create(Rows, Cols, Cells);
}
