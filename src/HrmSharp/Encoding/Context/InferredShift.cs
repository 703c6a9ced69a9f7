namespace HrmSharp.Encoding.Context;

/// <summary>
/// A translation of the input by (<see cref="Dr"/>, <see cref="Dc"/>) as a pull map: output cell (r, c) reads input cell
/// (r − dr, c − dc), wrapping around the input's edges or, clipped, reading nothing where no input cell arrives.
/// <see cref="Infer"/> finds, before a context's grids are embedded, the offset its demos agree with best, because unlike
/// a symmetry a translation is not one map but one per offset: the candidate must come from the demos.
/// </summary>
public readonly record struct InferredShift(int Dr, int Dc, bool Wrap)
{
    /// <summary>
    /// Largest |dr| and |dc| searched: the small moves puzzles use (ARC's shifts, the generator's ≤ 3); 48 offsets per
    /// edge rule keep the search to ~350k cell comparisons for a context of four 30×30 pairs.
    /// </summary>
    public const int MaxOffset = 3;

    /// <summary>The input cell output cell (<paramref name="row"/>, <paramref name="col"/>) reads from an input of
    /// <paramref name="rows"/>×<paramref name="cols"/>, or (−1, −1) when it reads nothing.</summary>
    public (int R, int C) Source(int row, int col, int rows, int cols)
    {
        int r = row - Dr, c = col - Dc;
        if (Wrap) return (Mod(r, rows), Mod(c, cols));
        return r >= 0 && r < rows && c >= 0 && c < cols ? (r, c) : (-1, -1);
    }

    /// <summary>
    /// For each edge rule, the non-zero offset whose map agrees with the most demo-output cells of <paramref name="seq"/>'s
    /// demo pairs whose output has its input's size, less the cells it disagrees with (a clipped map is silent where it
    /// reads nothing); ties keep the smaller move, then the first offset in row-major order. Null without such a pair.
    /// Only demo grids are read, never the answer: the canvas holds no colours.
    /// </summary>
    public static (InferredShift? Wrap, InferredShift? Clip) Infer(ContextSequence seq)
    {
        var pairs = SameSizeDemoPairs(seq);
        if (pairs.Count == 0) return (null, null);
        return (Best(pairs, wrap: true), Best(pairs, wrap: false));
    }

    private static InferredShift Best(List<(int[] In, int[] Out, int Rows, int Cols)> pairs, bool wrap)
    {
        InferredShift best = default;
        int bestScore = int.MinValue, bestMove = int.MaxValue;
        for (int dr = -MaxOffset; dr <= MaxOffset; dr++)
            for (int dc = -MaxOffset; dc <= MaxOffset; dc++)
            {
                if (dr == 0 && dc == 0) continue; // the identity is slot 0 already
                var t = new InferredShift(dr, dc, wrap);
                int score = 0, move = Math.Abs(dr) + Math.Abs(dc);
                foreach (var (input, output, rows, cols) in pairs)
                    for (int r = 0; r < rows; r++)
                        for (int c = 0; c < cols; c++)
                        {
                            var (sr, sc) = t.Source(r, c, rows, cols);
                            if (sr < 0 || output[r * cols + c] < 0) continue;
                            score += input[sr * cols + sc] == output[r * cols + c] ? 1 : -1;
                        }
                if (score > bestScore || (score == bestScore && move < bestMove))
                    (best, bestScore, bestMove) = (t, score, move);
            }
        return best;
    }

    /// <summary>The demo pairs of <paramref name="seq"/> whose output has its input's size, as colours by cell (−1 = none).</summary>
    private static List<(int[] In, int[] Out, int Rows, int Cols)> SameSizeDemoPairs(ContextSequence seq)
    {
        var pairs = new List<(int[], int[], int, int)>();
        int[]? input = null;
        int inputRows = 0, inputCols = 0;
        for (int i = 0; i < seq.Length; i++)
        {
            if (i > 0 && seq.GridIndex[i - 1] == seq.GridIndex[i]) continue;
            var role = (GridRole)seq.Role[i];
            int rows = seq.GridRows[i], cols = seq.GridCols[i];
            if (role == GridRole.DemoInput)
                (input, inputRows, inputCols) = (Cells(seq, i, rows, cols), rows, cols);
            else if (role == GridRole.DemoOutput && input is not null && rows == inputRows && cols == inputCols)
                pairs.Add((input, Cells(seq, i, rows, cols), rows, cols));
        }
        return pairs;
    }

    private static int[] Cells(ContextSequence seq, int first, int rows, int cols)
    {
        var cells = new int[rows * cols];
        seq.GridColours(first, rows, cols, cells);
        return cells;
    }

    private static int Mod(int x, int m) => ((x % m) + m) % m;
}
