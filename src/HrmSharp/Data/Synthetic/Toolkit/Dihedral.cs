namespace HrmSharp.Data.Synthetic.Toolkit;

/// <summary>The eight symmetries of a rectangle grid (the dihedral group D4); rotations are clockwise.</summary>
public enum D4
{
    Identity,
    FlipH,
    FlipV,
    Rot90,
    Rot180,
    Rot270,
    Transpose,
    AntiTranspose,
}

/// <summary>
/// Two independent implementations of D4: <see cref="Apply"/> maps indices directly, <see cref="ViaPrimitives"/>
/// composes column flips and transposes. Rules use the first, checks the second, so a wrong formula is caught.
/// </summary>
internal static class Dihedral
{
    public static bool SwapsAxes(D4 t) => t is D4.Rot90 or D4.Rot270 or D4.Transpose or D4.AntiTranspose;

    public static Grid Apply(Grid g, D4 t)
    {
        int h = g.Rows, w = g.Cols;
        return t switch
        {
            D4.Identity => g,
            D4.FlipH => Grid.Create(h, w, (r, c) => g[r, w - 1 - c]),
            D4.FlipV => Grid.Create(h, w, (r, c) => g[h - 1 - r, c]),
            D4.Rot90 => Grid.Create(w, h, (r, c) => g[h - 1 - c, r]),
            D4.Rot180 => Grid.Create(h, w, (r, c) => g[h - 1 - r, w - 1 - c]),
            D4.Rot270 => Grid.Create(w, h, (r, c) => g[c, w - 1 - r]),
            D4.Transpose => Grid.Create(w, h, (r, c) => g[c, r]),
            D4.AntiTranspose => Grid.Create(w, h, (r, c) => g[h - 1 - c, w - 1 - r]),
            _ => throw new ArgumentOutOfRangeException(nameof(t)),
        };
    }

    public static Grid ViaPrimitives(Grid g, D4 t) => t switch
    {
        D4.Identity => g,
        D4.FlipH => FlipCols(g),
        D4.FlipV => FlipRows(g),
        D4.Rot90 => FlipCols(Transpose(g)),
        D4.Rot180 => FlipCols(FlipRows(g)),
        D4.Rot270 => Transpose(FlipCols(g)),
        D4.Transpose => Transpose(g),
        D4.AntiTranspose => FlipCols(FlipRows(Transpose(g))),
        _ => throw new ArgumentOutOfRangeException(nameof(t)),
    };

    public static Grid FlipCols(Grid g)
    {
        var c = Canvas.From(g);
        for (int r = 0; r < g.Rows; r++) c.Cells.AsSpan(r * g.Cols, g.Cols).Reverse();
        return c.ToGrid();
    }

    public static Grid FlipRows(Grid g) => Transpose(FlipCols(Transpose(g)));

    public static Grid Transpose(Grid g)
    {
        var c = new Canvas(g.Cols, g.Rows);
        for (int r = 0; r < g.Rows; r++)
            for (int k = 0; k < g.Cols; k++) c[k, r] = g[r, k];
        return c.ToGrid();
    }
}
