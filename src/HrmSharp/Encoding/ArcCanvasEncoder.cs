using System.Numerics;
using HrmSharp.Augmentation;
using HrmSharp.Data;

namespace HrmSharp.Encoding;

/// <summary>
/// ARC grids as 900 tokens (<see cref="TokenScheme.Arc"/>), the reference layout: the grid's colours + 2 on a 30×30 PAD
/// canvas with its top-left at the translation offset, an EOS row just below it (under the grid's columns only) and an
/// EOS column just right of it (beside the grid's rows only), so the corner cell stays PAD. An EOS line that would fall
/// outside the canvas (a grid touching the bottom or right edge) is left out. Flattened row-major.
/// Decoding is the reference evaluator's crop: the largest top-left rectangle of colour tokens, scanning rows down and
/// shrinking the width at the first non-colour token; anything else (garbage, an empty crop) gives null.
/// </summary>
public static class ArcCanvasEncoder
{
    public const int Side = Grid.MaxSide;
    public const int Length = Side * Side;
    public const int Pad = TokenScheme.PadId;
    public const int Eos = 1;
    public const int ColourOffset = 2;

    public static int[] Encode(Grid grid, Translation offset = default, bool asLabel = false)
    {
        var tokens = new int[Length];
        Encode(grid, TaskAugmentation.Identity, offset, tokens, asLabel);
        return tokens;
    }

    public static void Encode(Grid grid, Span<int> tokens, Translation offset = default, bool asLabel = false) =>
        Encode(grid, TaskAugmentation.Identity, offset, tokens, asLabel);

    /// <summary>
    /// Writes <c>augmentation.Apply(grid)</c> placed at <paramref name="offset"/>, without building the augmented grid
    /// (<see cref="DihedralStrides"/>): each source cell goes straight to its canvas index. As a label, PAD
    /// cells are <see cref="TokenScheme.IgnoreLabel"/> (the loss skips them) and EOS cells stay targets.
    /// </summary>
    public static void Encode(Grid grid, TaskAugmentation augmentation, Translation offset, Span<int> tokens, bool asLabel = false)
    {
        if (tokens.Length != Length) throw new ArgumentException($"an ARC canvas has {Length} tokens, not {tokens.Length}");
        var dihedral = augmentation.Dihedral;
        var (rows, cols) = dihedral.Shape(grid.Rows, grid.Cols);
        if (!offset.Fits(rows, cols, Side, Side))
            throw new ArgumentException($"a {rows}x{cols} grid at ({offset.Row}, {offset.Col}) does not fit the {Side}x{Side} canvas");

        tokens.Fill(asLabel ? TokenScheme.IgnoreLabel : Pad);

        Span<int> lut = stackalloc int[Grid.Colours];
        for (int c = 0; c < Grid.Colours; c++) lut[c] = augmentation.Colours[c] + ColourOffset;

        var (origin, rowStride, colStride) = DihedralStrides.For(dihedral, grid.Rows, grid.Cols, Side, offset.Row, offset.Col);
        var cells = grid.Cells;
        for (int r = 0, i = 0; r < grid.Rows; r++)
        {
            int at = origin + r * rowStride;
            for (int c = 0; c < grid.Cols; c++, i++, at += colStride) tokens[at] = lut[cells[i]];
        }

        int eosRow = offset.Row + rows, eosCol = offset.Col + cols;
        if (eosRow < Side) tokens.Slice(eosRow * Side + offset.Col, cols).Fill(Eos);
        if (eosCol < Side)
            for (int r = offset.Row; r < eosRow; r++) tokens[r * Side + eosCol] = Eos;
    }

    /// <summary>
    /// Encodes a pair (input as tokens, output as labels) with one offset for both, as the reference does; an unknown
    /// output gives all-ignored labels.
    /// </summary>
    public static void EncodePair(Pair pair, TaskAugmentation augmentation, Translation offset, Span<int> inputs, Span<int> labels)
    {
        Encode(pair.Input, augmentation, offset, inputs);
        if (pair.Output is { } output) Encode(output, augmentation, offset, labels, asLabel: true);
        else labels.Fill(TokenScheme.IgnoreLabel);
    }

    /// <summary>
    /// A uniformly random offset at which both grids of the pair (after <paramref name="dihedral"/>) fit the canvas: the
    /// reference draws the row then the column in [0, 30 − max side]; the EOS lines may fall off the edge.
    /// </summary>
    public static Translation RandomOffset(Random rng, Pair pair, Dihedral dihedral)
    {
        var (rows, cols) = dihedral.Shape(pair.Input.Rows, pair.Input.Cols);
        if (pair.Output is { } o)
        {
            var (orows, ocols) = dihedral.Shape(o.Rows, o.Cols);
            rows = Math.Max(rows, orows);
            cols = Math.Max(cols, ocols);
        }
        return Translation.Random(rng, rows, cols, Side);
    }

    /// <summary>The grid at the top-left of a canvas of predicted token ids, or null when there is none.</summary>
    public static Grid? Decode(ReadOnlySpan<int> tokens) => Crop(tokens, default);

    public static Grid? Decode(ReadOnlySpan<long> tokens) => Crop(tokens, default);

    /// <summary>The grid whose top-left is at <paramref name="offset"/> (undoes a training translation).</summary>
    public static Grid? Decode(ReadOnlySpan<int> tokens, Translation offset) => Crop(tokens, offset);

    public static Grid? Decode(ReadOnlySpan<long> tokens, Translation offset) => Crop(tokens, offset);

    private static Grid? Crop<T>(ReadOnlySpan<T> tokens, Translation offset) where T : IBinaryInteger<T>
    {
        if (tokens.Length != Length) throw new ArgumentException($"an ARC canvas has {Length} tokens, not {tokens.Length}");
        if (offset.Row is < 0 or >= Side || offset.Col is < 0 or >= Side)
            throw new ArgumentException($"offset ({offset.Row}, {offset.Col}) is outside the {Side}x{Side} canvas");

        // The reference scan: row by row, the width is cut at the first non-colour token and never grows back; keep
        // the largest area seen (first one on ties, i.e. fewer rows).
        int width = Side - offset.Col, bestArea = 0, bestRows = 0, bestCols = 0;
        for (int rows = 1; offset.Row + rows <= Side && width > 0; rows++)
        {
            int rowStart = (offset.Row + rows - 1) * Side + offset.Col;
            for (int c = 0; c < width; c++)
                if (!IsColour(tokens[rowStart + c]))
                {
                    width = c;
                    break;
                }
            if (rows * width > bestArea) (bestArea, bestRows, bestCols) = (rows * width, rows, width);
        }
        if (bestArea == 0) return null;

        var cells = new byte[bestArea];
        for (int r = 0, i = 0; r < bestRows; r++)
            for (int c = 0; c < bestCols; c++, i++)
                cells[i] = (byte)(int.CreateTruncating(tokens[(offset.Row + r) * Side + offset.Col + c]) - ColourOffset);
        return Grid.Create(bestRows, bestCols, cells);
    }

    private static bool IsColour<T>(T token) where T : IBinaryInteger<T> =>
        token >= T.CreateTruncating(ColourOffset) && token < T.CreateTruncating(ColourOffset + Grid.Colours);
}
