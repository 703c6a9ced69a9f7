using HrmSharp.Data;
using SkiaSharp;

namespace HrmSharp.Reporting;

/// <summary>
/// Draws grids as pictures in the ARC palette: each cell is a <c>scale</c>×<c>scale</c> square, so an image is exactly
/// (cols·scale)×(rows·scale) pixels. Grid lines (as in the ARC browser viewer) are 1 pixel on the top and left edge of
/// every cell plus the image's bottom and right edge; they never reach a cell's centre when scale ≥ <see cref="MinScaleWithLines"/>.
/// </summary>
public static class GridRenderer
{
    public const int MaxScale = 64;
    public const int MinScaleWithLines = 3;

    /// <summary>The viewer's grid-line grey: visible against black cells and against the light colours alike.</summary>
    public static readonly SKColor LineColour = new(0x55, 0x55, 0x55);

    public static SKColor Colour(int colour)
    {
        var (r, g, b) = ArcPalette.Rgb(colour);
        return new SKColor(r, g, b);
    }

    /// <summary>The grid as PNG bytes.</summary>
    public static byte[] Png(Grid grid, int scale, bool gridLines = true)
    {
        using var bitmap = Bitmap(grid, scale, gridLines);
        return Encode(bitmap);
    }

    /// <summary>The grid as a bitmap the caller disposes (for composing task sheets).</summary>
    public static SKBitmap Bitmap(Grid grid, int scale, bool gridLines = true)
    {
        CheckScale(scale, gridLines);
        var bitmap = new SKBitmap(new SKImageInfo(grid.Cols * scale, grid.Rows * scale, SKColorType.Rgba8888, SKAlphaType.Opaque));
        using var canvas = new SKCanvas(bitmap);
        Draw(canvas, grid, 0, 0, scale, gridLines);
        return bitmap;
    }

    /// <summary>Draws the grid with its top-left corner at (x, y).</summary>
    public static void Draw(SKCanvas canvas, Grid grid, float x, float y, int scale, bool gridLines = true)
    {
        CheckScale(scale, gridLines);
        using var paint = new SKPaint { IsAntialias = false, Style = SKPaintStyle.Fill };
        for (int r = 0; r < grid.Rows; r++)
            for (int c = 0; c < grid.Cols; c++)
            {
                paint.Color = Colour(grid[r, c]);
                canvas.DrawRect(x + c * scale, y + r * scale, scale, scale, paint);
            }
        if (!gridLines) return;

        // 1-pixel rectangles rather than stroked lines: exact pixel coverage with no antialiasing or half-pixel offsets.
        paint.Color = LineColour;
        int width = grid.Cols * scale, height = grid.Rows * scale;
        for (int c = 0; c <= grid.Cols; c++) canvas.DrawRect(x + Math.Min(c * scale, width - 1), y, 1, height, paint);
        for (int r = 0; r <= grid.Rows; r++) canvas.DrawRect(x, y + Math.Min(r * scale, height - 1), width, 1, paint);
    }

    public static byte[] Encode(SKBitmap bitmap)
    {
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    /// <summary>A cell size that keeps the largest grid of a task near <paramref name="targetPixels"/> wide, within [min, max].</summary>
    public static int FitScale(int maxSide, int targetPixels = 160, int min = 4, int max = 24) =>
        Math.Clamp(targetPixels / Math.Max(1, maxSide), min, max);

    private static void CheckScale(int scale, bool gridLines)
    {
        int min = gridLines ? MinScaleWithLines : 1;
        if (scale < min || scale > MaxScale)
            throw new ArgumentOutOfRangeException(nameof(scale), scale,
                $"scale must be {min}..{MaxScale} pixels per cell{(gridLines ? " with grid lines" : "")}");
    }
}
