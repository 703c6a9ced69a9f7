using HrmSharp.Augmentation;
using HrmSharp.Data;

namespace HrmSharp.Encoding;

/// <summary>
/// Grids of one fixed shape as rows·cols tokens, one per cell, row-major, no PAD and no EOS (Sudoku and mazes in the
/// reference). Labels use the same ids: every cell is a target, clues and walls included, as in the reference.
/// </summary>
public class FixedGridEncoder
{
    public TokenScheme Scheme { get; }
    public int Rows { get; }
    public int Cols { get; }

    public FixedGridEncoder(TokenScheme scheme, int rows, int cols)
    {
        if (rows * cols != scheme.SeqLen) throw new ArgumentException($"{rows}x{cols} grids need {rows * cols} tokens but {scheme.Name} has {scheme.SeqLen}");
        Scheme = scheme;
        Rows = rows;
        Cols = cols;
    }

    public int[] Encode(Grid grid)
    {
        var tokens = new int[Scheme.SeqLen];
        Encode(grid, tokens);
        return tokens;
    }

    public void Encode(Grid grid, Span<int> tokens) => Encode(grid, Dihedral.Identity, tokens);

    /// <summary>Writes <c>dihedral.Apply(grid)</c> without building it (mazes' augmentation); the result must have this shape.</summary>
    public void Encode(Grid grid, Dihedral dihedral, Span<int> tokens)
    {
        var (rows, cols) = dihedral.Shape(grid.Rows, grid.Cols);
        if (rows != Rows || cols != Cols)
            throw new ArgumentException($"{Scheme.Name} grids are {Rows}x{Cols}, not {rows}x{cols}");
        if (tokens.Length != Scheme.SeqLen) throw new ArgumentException($"{Scheme.Name} sequences have {Scheme.SeqLen} tokens, not {tokens.Length}");
        Span<int> lut = stackalloc int[Grid.Colours];
        for (int c = 0; c < Grid.Colours; c++) lut[c] = Scheme.TokenOf(c);
        var (origin, rowStride, colStride) = DihedralStrides.For(dihedral, grid.Rows, grid.Cols, Cols);
        var cells = grid.Cells;
        for (int r = 0, i = 0; r < grid.Rows; r++)
        {
            int at = origin + r * rowStride;
            for (int c = 0; c < grid.Cols; c++, i++, at += colStride)
            {
                int t = lut[cells[i]];
                if (t < 0) throw new ArgumentException($"colour {cells[i]} at row {r}, column {c} has no {Scheme.Name} token");
                tokens[at] = t;
            }
        }
    }

    /// <summary>The grid, or null when any token is not a cell value (PAD, out of range): a malformed prediction.</summary>
    public Grid? Decode(ReadOnlySpan<int> tokens)
    {
        if (tokens.Length != Scheme.SeqLen) throw new ArgumentException($"{Scheme.Name} sequences have {Scheme.SeqLen} tokens, not {tokens.Length}");
        var cells = new byte[tokens.Length];
        for (int i = 0; i < tokens.Length; i++)
        {
            int c = Scheme.ColourOf(tokens[i]);
            if (c < 0) return null;
            cells[i] = (byte)c;
        }
        return Grid.Create(Rows, Cols, cells);
    }
}
