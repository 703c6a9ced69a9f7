using HrmSharp.Data;
using HrmSharp.Data.Sudoku;
using HrmSharp.Randomness;

namespace HrmSharp.Encoding;

/// <summary>
/// Sudoku in the reference's shape (build_sudoku_dataset.py): one group per training puzzle holding the original and
/// <c>augmentations</c> validity-preserving shuffles (digits 1–9 relabelled, bands and the rows within each band
/// reordered, likewise stacks and columns, optional transpose: a <see cref="SudokuTransform"/>), one example each, all
/// under the blank identifier 0. Variant v of puzzle g is drawn from its own stream (seed, g, v), so nothing is stored,
/// and applied straight to the tokens. Evaluation: every test puzzle, unaugmented.
/// </summary>
public sealed class SudokuPuzzleIdDataset : IPuzzleIdDataset
{
    private readonly SudokuPuzzle[] _training;
    private readonly SudokuPuzzle[] _evaluation;
    private readonly int _variants;
    private readonly int _seed;

    public SudokuPuzzleIdDataset(IReadOnlyList<SudokuPuzzle> training, IReadOnlyList<SudokuPuzzle> evaluation, int augmentations, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(augmentations);
        _training = training.ToArray();
        _evaluation = evaluation.ToArray();
        _variants = augmentations + 1;
        _seed = seed;
    }

    public TokenScheme Scheme => TokenScheme.Sudoku;
    public PuzzleIdTable PuzzleIds => PuzzleIdTable.BlankOnly;
    public IReadOnlyList<SudokuPuzzle> Training => _training;
    public IReadOnlyList<SudokuPuzzle> EvaluationPuzzles => _evaluation;

    public int GroupCount => _training.Length;
    public int VariantCount(int group) => _variants;

    /// <summary>Variant 0 is the puzzle itself; the others are random shuffles fixed by (seed, group, variant).</summary>
    public SudokuTransform Transform(int group, int variant)
    {
        Span<int> rows = stackalloc int[9], cols = stackalloc int[9], digits = stackalloc int[10];
        bool transpose = Draw(group, variant, rows, cols, digits);
        return new SudokuTransform(rows.ToArray(), cols.ToArray(), digits[1..].ToArray(), transpose);
    }

    public void EncodeTraining(TrainingExample example, Span<int> inputs, Span<int> labels)
    {
        var p = _training[example.Group];
        Span<int> rows = stackalloc int[9], cols = stackalloc int[9], digits = stackalloc int[10];
        bool transpose = Draw(example.Group, example.Variant, rows, cols, digits);
        Encode(p.Question, rows, cols, digits, transpose, inputs);
        Encode(p.Solution, rows, cols, digits, transpose, labels);
    }

    public int EvaluationCount => _evaluation.Length;
    public int EvaluationPuzzleId(int index) => PuzzleIdTable.Blank;

    public void EncodeEvaluation(int index, Span<int> inputs, Span<int> labels)
    {
        SudokuEncoder.Instance.Encode(_evaluation[index].Question, inputs);
        SudokuEncoder.Instance.Encode(_evaluation[index].Solution, labels);
    }

    /// <summary>
    /// Draws variant <paramref name="variant"/>'s shuffle, as the reference draws one: a digit relabelling (0 stays 0),
    /// a transpose flag, then bands and rows within bands, stacks and columns within stacks. Returns the transpose flag.
    /// </summary>
    private bool Draw(int group, int variant, Span<int> rows, Span<int> cols, Span<int> digits)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(variant);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(variant, _variants);
        for (int i = 0; i < 9; i++) rows[i] = cols[i] = i;
        for (int d = 0; d < 10; d++) digits[d] = d;
        if (variant == 0) return false;

        var rng = new SplitMix64((ulong)SeedMix.Of(_seed, group, variant));
        rng.Shuffle(digits[1..]);
        bool transpose = rng.Next(2) == 1;
        Lines(ref rng, rows);
        Lines(ref rng, cols);
        return transpose;

        static void Lines(ref SplitMix64 rng, Span<int> lines)
        {
            Span<int> bands = [0, 1, 2];
            rng.Shuffle(bands);
            for (int b = 0; b < 3; b++)
            {
                Span<int> within = [0, 1, 2];
                rng.Shuffle(within);
                for (int i = 0; i < 3; i++) lines[b * 3 + i] = bands[b] * 3 + within[i];
            }
        }
    }

    /// <summary>The tokens of the shuffled grid: out[r, c] = digit[in[rows[r], cols[c]]] (then transposed), + 1.</summary>
    private static void Encode(Grid grid, ReadOnlySpan<int> rows, ReadOnlySpan<int> cols, ReadOnlySpan<int> digits, bool transpose, Span<int> tokens)
    {
        if (grid.Rows != 9 || grid.Cols != 9) throw new ArgumentException($"a sudoku is 9x9, not {grid.Rows}x{grid.Cols}");
        var cells = grid.Cells;
        for (int r = 0; r < 9; r++)
            for (int c = 0; c < 9; c++)
            {
                int src = transpose ? rows[c] * 9 + cols[r] : rows[r] * 9 + cols[c];
                tokens[r * 9 + c] = TokenScheme.Sudoku.TokenOf(digits[cells[src]]);
            }
    }
}
