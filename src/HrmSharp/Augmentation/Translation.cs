using HrmSharp.Data;

namespace HrmSharp.Augmentation;

/// <summary>
/// Places a grid with its top-left cell at (<paramref name="Row"/>, <paramref name="Col"/>) on a larger canvas (HRM shifts
/// each pair at random inside its 30×30 canvas while training, so the model does not tie rules to the top-left corner).
/// Use one offset for a whole pair: <see cref="Random(System.Random, int, int, int)"/> takes the larger of its grids' sides.
/// </summary>
public readonly record struct Translation(int Row, int Col)
{
    public static Translation None => default;

    /// <summary>Where cell (row, col) of the grid lands on the canvas.</summary>
    public (int Row, int Col) Map(int row, int col) => (row + Row, col + Col);

    public bool Fits(int rows, int cols, int canvasRows, int canvasCols) =>
        Row >= 0 && Col >= 0 && Row + rows <= canvasRows && Col + cols <= canvasCols;

    /// <summary>A uniformly random offset that keeps a gridRows×gridCols grid inside a canvas×canvas square.</summary>
    public static Translation Random(Random rng, int gridRows, int gridCols, int canvas = Grid.MaxSide)
    {
        if (gridRows < 1 || gridCols < 1 || gridRows > canvas || gridCols > canvas)
            throw new ArgumentException($"a {gridRows}x{gridCols} grid does not fit a {canvas}x{canvas} canvas");
        return new Translation(rng.Next(canvas - gridRows + 1), rng.Next(canvas - gridCols + 1));
    }

    /// <summary>The grid drawn on a canvasRows×canvasCols grid filled with <paramref name="fill"/>.</summary>
    public Grid Apply(Grid grid, int canvasRows, int canvasCols, int fill = 0)
    {
        CheckFits(grid.Rows, grid.Cols, canvasRows, canvasCols);
        var cells = new byte[canvasRows * canvasCols];
        cells.AsSpan().Fill((byte)fill);
        Place(grid, cells, canvasCols);
        return Grid.Create(canvasRows, canvasCols, cells);
    }

    /// <summary>Cuts the rows×cols grid back out of a canvas made by <see cref="Apply"/>.</summary>
    public Grid Invert(Grid canvas, int rows, int cols)
    {
        CheckFits(rows, cols, canvas.Rows, canvas.Cols);
        var (row0, col0) = (Row, Col);
        return Grid.Create(rows, cols, (r, c) => canvas[r + row0, c + col0]);
    }

    /// <summary>
    /// Writes the grid's colours into a row-major canvas buffer of width <paramref name="canvasCols"/> (e.g. token ids,
    /// after which an encoder adds its own offset); cells outside the grid are left as they are.
    /// </summary>
    public void Place(Grid grid, Span<byte> canvas, int canvasCols)
    {
        CheckFits(grid.Rows, grid.Cols, canvas.Length / canvasCols, canvasCols);
        var src = grid.Cells;
        for (int r = 0; r < grid.Rows; r++)
            src.Slice(r * grid.Cols, grid.Cols).CopyTo(canvas.Slice((r + Row) * canvasCols + Col, grid.Cols));
    }

    private void CheckFits(int rows, int cols, int canvasRows, int canvasCols)
    {
        if (!Fits(rows, cols, canvasRows, canvasCols))
            throw new ArgumentException($"a {rows}x{cols} grid at ({Row}, {Col}) does not fit a {canvasRows}x{canvasCols} canvas");
    }
}
