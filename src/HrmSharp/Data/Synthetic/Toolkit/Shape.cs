namespace HrmSharp.Data.Synthetic.Toolkit;

/// <summary>A boolean mask (cropped to its bounding box) that objects are drawn from.</summary>
internal sealed class Shape
{
    private readonly bool[] _cells;

    public int Rows { get; }
    public int Cols { get; }
    public int Size { get; }

    private Shape(int rows, int cols, bool[] cells)
    {
        Rows = rows;
        Cols = cols;
        _cells = cells;
        Size = cells.Count(x => x);
    }

    public bool this[int r, int c] => _cells[r * Cols + c];

    public static Shape Rect(int rows, int cols) => new(rows, cols, Enumerable.Repeat(true, rows * cols).ToArray());

    /// <summary>A one-cell-thick rectangle outline; its inside is closed off from the outside (4-connectivity).</summary>
    public static Shape Frame(int rows, int cols)
    {
        var cells = new bool[rows * cols];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++)
                cells[r * cols + c] = r == 0 || c == 0 || r == rows - 1 || c == cols - 1;
        return new Shape(rows, cols, cells);
    }

    /// <summary>
    /// A random 4-connected blob of exactly <paramref name="size"/> cells inside a <paramref name="maxRows"/> ×
    /// <paramref name="maxCols"/> box (grown cell by cell from a random seed), cropped to its bounding box.
    /// </summary>
    public static Shape Blob(Random rng, int maxRows, int maxCols, int size)
    {
        size = Math.Clamp(size, 1, maxRows * maxCols);
        var box = new bool[maxRows * maxCols];
        var members = new List<int>(size) { rng.Next(box.Length) };
        box[members[0]] = true;
        while (members.Count < size)
        {
            int from = members[rng.Next(members.Count)];
            var (dr, dc) = DirExtensions.All[rng.Next(4)].Step();
            int r = from / maxCols + dr, c = from % maxCols + dc;
            if (r < 0 || r >= maxRows || c < 0 || c >= maxCols || box[r * maxCols + c]) continue;
            box[r * maxCols + c] = true;
            members.Add(r * maxCols + c);
        }
        int top = members.Min(i => i / maxCols), bottom = members.Max(i => i / maxCols);
        int left = members.Min(i => i % maxCols), right = members.Max(i => i % maxCols);
        int rows = bottom - top + 1, cols = right - left + 1;
        var cells = new bool[rows * cols];
        foreach (int i in members) cells[(i / maxCols - top) * cols + i % maxCols - left] = true;
        return new Shape(rows, cols, cells);
    }

    public bool IsFullRect => Size == Rows * Cols;
}
