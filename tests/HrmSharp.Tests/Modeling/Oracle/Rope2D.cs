using static TorchSharp.torch;

namespace HrmSharp.Tests.Modeling.Oracle;

/// <summary>
/// Test oracle, as <see cref="Rope1D"/>. 2D rotary tables: of the D/2 rotary pairs, the first D/4 turn by the cell's row and the last D/4 by its column, each
/// axis with the same spectrum f_j = θ^(−4j/D) (a 1D rotary of D/2 dims per axis). So q·k after rotation depends only on
/// (Δrow, Δcol), and a step down scores like a step right: distance is isotropic in the grid, where HRM's 1D index puts
/// vertical neighbours 30 positions apart. Cells at the same place in different grids get the same rotation; grids are
/// told apart by the model's learned (grid index, role) embedding. Shapes and pairing as <see cref="Rope1D"/>.
/// </summary>
public static class Rope2D
{
    public static (Tensor Cos, Tensor Sin) Tables(ReadOnlySpan<int> rows, ReadOnlySpan<int> cols, int headDim, double theta = Rope1D.DefaultTheta)
    {
        if (headDim <= 0 || headDim % 4 != 0) throw new ArgumentException($"2D rotary head dim must be a positive multiple of 4, got {headDim}");
        if (rows.Length != cols.Length) throw new ArgumentException($"{rows.Length} rows but {cols.Length} columns");
        var frequencies = Rope1D.Frequencies(headDim / 4, theta);
        return Rope1D.Build(headDim, [new Rope1D.Axis(rows.ToArray(), frequencies), new Rope1D.Axis(cols.ToArray(), frequencies)]);
    }
}
