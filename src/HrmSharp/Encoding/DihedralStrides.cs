using HrmSharp.Augmentation;

namespace HrmSharp.Encoding;

/// <summary>
/// Where a dihedral transform sends each cell, as strides into a row-major buffer: source cell (r, c) of a rows×cols grid
/// lands at <c>Origin + r·RowStride + c·ColStride</c> when the transformed grid is placed with its top-left at
/// (row0, col0) in a buffer <c>width</c> cells wide. The map is affine, so encoders write straight from the source grid
/// instead of building the transformed one (the per-cell <see cref="Dihedral.Apply(HrmSharp.Data.Grid)"/> is ~20× slower).
/// </summary>
internal readonly record struct DihedralStrides(int Origin, int RowStride, int ColStride)
{
    public static DihedralStrides For(Dihedral dihedral, int rows, int cols, int width, int row0 = 0, int col0 = 0)
    {
        // Map is pure arithmetic, so probing (1, 0) and (0, 1) is exact even for a one-row or one-column grid.
        var (r0, c0) = dihedral.Map(0, 0, rows, cols);
        var (r1, c1) = dihedral.Map(1, 0, rows, cols);
        var (r2, c2) = dihedral.Map(0, 1, rows, cols);
        return new DihedralStrides((row0 + r0) * width + col0 + c0, (r1 - r0) * width + (c1 - c0), (r2 - r0) * width + (c2 - c0));
    }
}
