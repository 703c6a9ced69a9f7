namespace HrmSharp.Encoding.Context;

/// <summary>
/// What each cell of a grid is part of: its object, a 4-connected region of one colour other than 0 (ARC's usual
/// background). Per cell, four small ids:
/// <list type="bullet">
/// <item>size rank from the largest (1 = a largest object, 2 = the next size down, ..., 5 = fifth or smaller);</item>
/// <item>size rank from the smallest (the same, counted from the smallest size);</item>
/// <item>edge: on its object's boundary (a 4-neighbour outside the object or the grid) or inside it;</item>
/// <item>whether its object touches the grid's border.</item>
/// </list>
/// Id 0 of every feature means "no object" (background, or a cell whose colour is unknown). Why: rules about objects
/// (recolour the largest or the smallest, hollow or outline them, keep the ones touching the border) first need the
/// objects, which relative attention over single cells finds only after many hops; given here, the rule is what is
/// left to read from the demos. Ranks are dense over distinct sizes, so objects of equal size share a rank.
/// </summary>
public static class ObjectFeatures
{
    /// <summary>Features per cell.</summary>
    public const int Count = 4;

    /// <summary>Ids of each feature (id 0 = no object), in order: rank from the largest, rank from the smallest, edge, touches border.</summary>
    public static ReadOnlySpan<int> Ids => [6, 6, 3, 3];

    /// <summary>Rows of one table holding every feature's ids one after the other.</summary>
    public const int TableRows = 6 + 6 + 3 + 3;

    /// <summary>Where each feature's ids start in that table.</summary>
    public static ReadOnlySpan<int> Offsets => [0, 6, 12, 15];

    private const int MaxRank = 5;

    /// <summary>
    /// The features of a rows×cols grid, <paramref name="colours"/> row-major (−1 = unknown), into
    /// <paramref name="into"/> [rows·cols·<see cref="Count"/>].
    /// </summary>
    public static void Compute(ReadOnlySpan<int> colours, int rows, int cols, Span<int> into)
    {
        int n = rows * cols;
        if (colours.Length < n || into.Length < n * Count)
            throw new ArgumentException($"a {rows}x{cols} grid needs {n} colours and room for {n * Count} ids");
        into[..(n * Count)].Clear();
        Span<int> component = n <= 1024 ? stackalloc int[n] : new int[n];
        component.Fill(-1);
        var sizes = new List<int>();
        var touches = new List<bool>();
        Span<int> stack = n <= 1024 ? stackalloc int[n] : new int[n];
        for (int start = 0; start < n; start++)
        {
            int colour = colours[start];
            if (colour <= 0 || component[start] >= 0) continue;
            int id = sizes.Count, size = 0, top = 0;
            bool border = false;
            component[start] = id;
            stack[top++] = start;
            while (top > 0)
            {
                int at = stack[--top], r = at / cols, c = at % cols;
                size++;
                border |= r == 0 || c == 0 || r == rows - 1 || c == cols - 1;
                for (int k = 0; k < 4; k++)
                {
                    int rr = r + (k == 0 ? -1 : k == 1 ? 1 : 0), cc = c + (k == 2 ? -1 : k == 3 ? 1 : 0);
                    if (rr < 0 || cc < 0 || rr >= rows || cc >= cols) continue;
                    int next = rr * cols + cc;
                    if (component[next] >= 0 || colours[next] != colour) continue;
                    component[next] = id;
                    stack[top++] = next;
                }
            }
            sizes.Add(size);
            touches.Add(border);
        }
        if (sizes.Count == 0) return;

        var distinct = sizes.Distinct().OrderByDescending(s => s).ToArray();
        for (int at = 0; at < n; at++)
        {
            int id = component[at];
            if (id < 0) continue;
            int fromLargest = Array.IndexOf(distinct, sizes[id]);
            int fromSmallest = distinct.Length - 1 - fromLargest;
            int r = at / cols, c = at % cols;
            bool edge = r == 0 || c == 0 || r == rows - 1 || c == cols - 1
                || component[at - cols] != id || component[at + cols] != id || component[at - 1] != id || component[at + 1] != id;
            var cell = into.Slice(at * Count, Count);
            cell[0] = Math.Min(fromLargest + 1, MaxRank);
            cell[1] = Math.Min(fromSmallest + 1, MaxRank);
            cell[2] = edge ? 2 : 1;
            cell[3] = touches[id] ? 2 : 1;
        }
    }
}
