using static HrmSharp.Tests.Data.TestTasks;
using System.Globalization;
using HrmSharp.Data;
using HrmSharp.Reporting;
using SkiaSharp;

namespace HrmSharp.Tests.Reporting;

public sealed class GridRendererTests
{
    /// <summary>The palette read from its published hex strings, independently of the renderer's conversion.</summary>
    private static SKColor Expected(int colour)
    {
        string hex = ArcPalette.Hex[colour];
        return new SKColor(byte.Parse(hex[1..3], NumberStyles.HexNumber), byte.Parse(hex[3..5], NumberStyles.HexNumber),
                           byte.Parse(hex[5..7], NumberStyles.HexNumber));
    }


    /// <summary>Reads a rendered grid back: the colour at each cell's centre, looked up in the palette (exact match required).</summary>
    internal static Grid ReadBack(byte[] png, int rows, int cols, int scale)
    {
        using var bitmap = SKBitmap.Decode(png);
        return Grid.Create(rows, cols, (r, c) =>
        {
            var pixel = bitmap.GetPixel(c * scale + scale / 2, r * scale + scale / 2);
            for (int k = 0; k < Grid.Colours; k++)
                if (Expected(k) == pixel) return k;
            throw new Xunit.Sdk.XunitException($"pixel {pixel} at cell ({r}, {c}) is not an ARC colour");
        });
    }

    [Fact]
    public void CellCentresAreThePaletteColours()
    {
        // Every colour once, in a 2x5 grid, drawn with grid lines.
        var grid = Grid.FromRows([0, 1, 2, 3, 4], [5, 6, 7, 8, 9]);
        const int scale = 9;
        using var bitmap = SKBitmap.Decode(GridRenderer.Png(grid, scale));
        for (int r = 0; r < 2; r++)
            for (int c = 0; c < 5; c++)
                Assert.Equal(Expected(r * 5 + c), bitmap.GetPixel(c * scale + scale / 2, r * scale + scale / 2));
    }

    [Theory]
    [InlineData(1, 1, 3)]
    [InlineData(3, 7, 10)]
    [InlineData(30, 30, 4)]
    [InlineData(30, 1, 64)]
    [InlineData(2, 30, 1)] // without grid lines a cell may be one pixel
    public void ImageSizeIsGridSizeTimesScale(int rows, int cols, int scale)
    {
        var grid = RandomGrid(new Random(rows * 100 + cols), rows, cols);
        byte[] png = GridRenderer.Png(grid, scale, gridLines: scale >= GridRenderer.MinScaleWithLines);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        using var bitmap = SKBitmap.Decode(png);
        Assert.Equal(cols * scale, bitmap.Width);
        Assert.Equal(rows * scale, bitmap.Height);
    }

    [Fact]
    public void RandomGridsSurviveARenderAndReadBack()
    {
        var rng = new Random(7);
        for (int i = 0; i < 40; i++)
        {
            var grid = RandomGrid(rng, rng.Next(1, 31), rng.Next(1, 31));
            int scale = rng.Next(3, 13);
            bool lines = i % 2 == 0;
            Assert.Equal(grid, ReadBack(GridRenderer.Png(grid, scale, lines), grid.Rows, grid.Cols, scale));
        }
    }

    [Fact]
    public void GridLinesRunAlongCellEdgesAndTheOuterBorder()
    {
        var grid = Grid.Filled(2, 3, 4); // yellow everywhere: any grey pixel is a line
        const int scale = 6;
        using var lined = SKBitmap.Decode(GridRenderer.Png(grid, scale));
        foreach (int x in new[] { 0, scale, 2 * scale, 3 * scale - 1 })
            Assert.Equal(GridRenderer.LineColour, lined.GetPixel(x, scale + 2));
        foreach (int y in new[] { 0, scale, 2 * scale - 1 })
            Assert.Equal(GridRenderer.LineColour, lined.GetPixel(scale + 2, y));
        Assert.Equal(Expected(4), lined.GetPixel(1, 1)); // just inside the first cell

        using var plain = SKBitmap.Decode(GridRenderer.Png(grid, scale, gridLines: false));
        for (int y = 0; y < plain.Height; y++)
            for (int x = 0; x < plain.Width; x++)
                Assert.Equal(Expected(4), plain.GetPixel(x, y));
    }

    [Theory]
    [InlineData(2, true)]
    [InlineData(0, false)]
    [InlineData(GridRenderer.MaxScale + 1, false)]
    public void ScalesOutsideTheRangeAreRejected(int scale, bool gridLines)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => GridRenderer.Png(Grid.Filled(1, 1, 0), scale, gridLines));
        Assert.Contains("pixels per cell", ex.Message);
    }

    [Theory]
    [InlineData(30, 160, 5)]
    [InlineData(3, 160, 24)] // capped at the maximum
    [InlineData(10, 160, 16)]
    [InlineData(30, 60, 4)]  // floored at the minimum
    public void FitScaleAimsAtTheTargetWidth(int maxSide, int target, int expected) =>
        Assert.Equal(expected, GridRenderer.FitScale(maxSide, target));
}
