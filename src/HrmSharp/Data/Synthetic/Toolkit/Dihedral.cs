namespace HrmSharp.Data.Synthetic.Toolkit;

/// <summary>
/// The eight symmetries of a rectangle grid (the dihedral group D4) as the generator names them: rotations clockwise, in
/// the generator's own order (families draw them by number, so generated data depends on it). The transform itself is
/// <see cref="Augmentation.Dihedral"/>'s, numbered as HRM's dataset code numbers them.
/// </summary>
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
/// D4 for the generator's rules and checks: <see cref="Apply"/> is the augmentations' <see cref="Augmentation.Dihedral"/>
/// (one index arithmetic in the project), <see cref="ViaPrimitives"/> composes column flips and transposes independently.
/// Rules use the first, checks the second, so a wrong mapping between the two numberings is caught.
/// </summary>
internal static class Dihedral
{
    /// <summary>The same symmetry in the augmentations' numbering (rotations there are counter-clockwise).</summary>
    public static Augmentation.Dihedral ToAugmentation(D4 t) => t switch
    {
        D4.Identity => Augmentation.Dihedral.Identity,
        D4.FlipH => Augmentation.Dihedral.FlipLeftRight,
        D4.FlipV => Augmentation.Dihedral.FlipUpDown,
        D4.Rot90 => Augmentation.Dihedral.Rot270, // 90° clockwise = 270° counter-clockwise
        D4.Rot180 => Augmentation.Dihedral.Rot180,
        D4.Rot270 => Augmentation.Dihedral.Rot90,
        D4.Transpose => Augmentation.Dihedral.Transpose,
        D4.AntiTranspose => Augmentation.Dihedral.AntiTranspose,
        _ => throw new ArgumentOutOfRangeException(nameof(t)),
    };

    public static bool SwapsAxes(D4 t) => ToAugmentation(t).SwapsAxes;

    public static Grid Apply(Grid g, D4 t) => ToAugmentation(t).Apply(g);

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
