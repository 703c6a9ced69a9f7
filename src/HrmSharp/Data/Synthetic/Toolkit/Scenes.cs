namespace HrmSharp.Data.Synthetic.Toolkit;

/// <summary>Common random inputs: speckled noise and separated objects.</summary>
internal static class Scenes
{
    /// <summary>Each cell is a palette colour with probability <paramref name="density"/>, background otherwise.</summary>
    public static Canvas Noise(Random rng, int rows, int cols, int background, IReadOnlyList<int> palette, double density)
    {
        var c = new Canvas(rows, cols, background);
        for (int i = 0; i < c.Cells.Length; i++)
            if (rng.NextDouble() < density) c.Cells[i] = (byte)palette[rng.Next(palette.Count)];
        return c;
    }

    /// <summary>
    /// <paramref name="count"/> random blobs (sizes from <paramref name="minSize"/> to <paramref name="maxSize"/>, at
    /// most <paramref name="maxSide"/> on a side) separated by <paramref name="margin"/>; null if they do not fit.
    /// Each blob's colour comes from <paramref name="colourOf"/>(index).
    /// </summary>
    public static (Canvas Canvas, List<(Shape Shape, int R, int C, int Colour)> Placed)? Blobs(
        Random rng, int rows, int cols, int background, int count, Func<int, int> colourOf,
        int minSize, int maxSize, int maxSide = 4, int margin = 1)
    {
        var placer = new Placer(new Canvas(rows, cols, background));
        var placed = new List<(Shape, int, int, int)>(count);
        for (int i = 0; i < count; i++)
        {
            var shape = RandomBlob(rng, Math.Min(maxSide, rows), Math.Min(maxSide, cols), minSize, maxSize);
            if (shape is null) return null;
            int colour = colourOf(i);
            if (placer.TryPlace(rng, shape, colour, margin) is not { } at) return null;
            placed.Add((shape, at.R, at.C, colour));
        }
        return (placer.Canvas, placed);
    }

    /// <summary>A blob of a random size in [min, max] whose box is drawn large enough to hold it; null if it cannot fit.</summary>
    public static Shape? RandomBlob(Random rng, int maxRows, int maxCols, int minSize, int maxSize)
    {
        int cap = Math.Min(maxSize, maxRows * maxCols);
        if (cap < minSize || maxRows < 1 || maxCols < 1) return null;
        int size = rng.Between(minSize, cap);
        int r = rng.Between((size + maxCols - 1) / maxCols, maxRows);
        int c = rng.Between(Math.Min(maxCols, (size + r - 1) / r), maxCols);
        return Shape.Blob(rng, r, c, size);
    }
}
