namespace HrmSharp.Data.Synthetic.Toolkit;

/// <summary>
/// Puts shapes on a canvas at random free positions, keeping a margin of untouched cells around each so that
/// separately placed shapes stay separate objects (the object-based rules depend on that).
/// </summary>
internal sealed class Placer(Canvas canvas)
{
    private readonly bool[] _used = new bool[canvas.Rows * canvas.Cols];

    public Canvas Canvas => canvas;

    /// <summary>Marks cells as taken without drawing (e.g. content drawn some other way).</summary>
    public void Reserve(int r, int c) => _used[r * canvas.Cols + c] = true;

    /// <summary>
    /// Tries random positions; returns the top-left corner used, or null. <paramref name="margin"/> is the Chebyshev
    /// distance kept free around the shape; <paramref name="wholeBox"/> keeps the bounding box (not just the cells) clear.
    /// </summary>
    public (int R, int C)? TryPlace(Random rng, Shape s, int colour, int margin = 1, bool wholeBox = false, int attempts = 24)
    {
        if (s.Rows > canvas.Rows || s.Cols > canvas.Cols) return null;
        for (int a = 0; a < attempts; a++)
        {
            int r0 = rng.Next(canvas.Rows - s.Rows + 1), c0 = rng.Next(canvas.Cols - s.Cols + 1);
            if (!IsFree(s, r0, c0, margin, wholeBox)) continue;
            Draw(s, r0, c0, colour, wholeBox);
            return (r0, c0);
        }
        return null;
    }

    /// <summary>Places at a fixed position if free.</summary>
    public bool TryPlaceAt(Shape s, int r0, int c0, int colour, int margin = 1, bool wholeBox = false)
    {
        if (r0 < 0 || c0 < 0 || r0 + s.Rows > canvas.Rows || c0 + s.Cols > canvas.Cols) return false;
        if (!IsFree(s, r0, c0, margin, wholeBox)) return false;
        Draw(s, r0, c0, colour, wholeBox);
        return true;
    }

    private bool IsFree(Shape s, int r0, int c0, int margin, bool wholeBox)
    {
        for (int r = 0; r < s.Rows; r++)
            for (int c = 0; c < s.Cols; c++)
            {
                if (!wholeBox && !s[r, c]) continue;
                for (int rr = r0 + r - margin; rr <= r0 + r + margin; rr++)
                    for (int cc = c0 + c - margin; cc <= c0 + c + margin; cc++)
                        if (canvas.Contains(rr, cc) && _used[rr * canvas.Cols + cc]) return false;
            }
        return true;
    }

    private void Draw(Shape s, int r0, int c0, int colour, bool wholeBox)
    {
        for (int r = 0; r < s.Rows; r++)
            for (int c = 0; c < s.Cols; c++)
            {
                if (wholeBox) _used[(r0 + r) * canvas.Cols + c0 + c] = true;
                if (!s[r, c]) continue;
                canvas[r0 + r, c0 + c] = colour;
                _used[(r0 + r) * canvas.Cols + c0 + c] = true;
            }
    }
}
