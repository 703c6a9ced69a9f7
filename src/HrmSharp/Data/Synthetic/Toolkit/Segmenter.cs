namespace HrmSharp.Data.Synthetic.Toolkit;

/// <summary>Object segmentation by breadth-first search (the rules' path; checks use <see cref="Labels"/>).</summary>
internal static class Segmenter
{
    /// <summary>
    /// Connected components of non-<paramref name="background"/> cells, in row-major order of their first cell.
    /// <paramref name="diagonal"/>: 8-connectivity; <paramref name="sameColour"/>: neighbours must share a colour.
    /// </summary>
    public static List<GridObject> Find(Grid g, int background, bool diagonal = true, bool sameColour = false)
    {
        var seen = new bool[g.Count];
        var result = new List<GridObject>();
        var queue = new Queue<(int R, int C)>();
        for (int r0 = 0; r0 < g.Rows; r0++)
            for (int c0 = 0; c0 < g.Cols; c0++)
            {
                if (g[r0, c0] == background || seen[r0 * g.Cols + c0]) continue;
                var cells = new List<(int R, int C)>();
                int top = r0, left = c0, bottom = r0, right = c0;
                seen[r0 * g.Cols + c0] = true;
                queue.Enqueue((r0, c0));
                while (queue.Count > 0)
                {
                    var (r, c) = queue.Dequeue();
                    cells.Add((r, c));
                    top = Math.Min(top, r); bottom = Math.Max(bottom, r);
                    left = Math.Min(left, c); right = Math.Max(right, c);
                    for (int dr = -1; dr <= 1; dr++)
                        for (int dc = -1; dc <= 1; dc++)
                        {
                            if ((dr == 0 && dc == 0) || (!diagonal && dr != 0 && dc != 0)) continue;
                            int rr = r + dr, cc = c + dc;
                            if (rr < 0 || rr >= g.Rows || cc < 0 || cc >= g.Cols || seen[rr * g.Cols + cc]) continue;
                            if (g[rr, cc] == background || (sameColour && g[rr, cc] != g[r, c])) continue;
                            seen[rr * g.Cols + cc] = true;
                            queue.Enqueue((rr, cc));
                        }
                }
                result.Add(new GridObject(cells, top, left, bottom, right));
            }
        return result;
    }
}
