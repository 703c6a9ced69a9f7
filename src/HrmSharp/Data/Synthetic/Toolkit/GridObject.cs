namespace HrmSharp.Data.Synthetic.Toolkit;

/// <summary>A connected group of non-background cells, with its bounding box (inclusive).</summary>
internal sealed record GridObject(IReadOnlyList<(int R, int C)> Cells, int Top, int Left, int Bottom, int Right)
{
    public int Size => Cells.Count;
    public int Height => Bottom - Top + 1;
    public int Width => Right - Left + 1;

    public bool TouchesBorder(int rows, int cols) => Top == 0 || Left == 0 || Bottom == rows - 1 || Right == cols - 1;
}
