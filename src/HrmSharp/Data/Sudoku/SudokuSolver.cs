using System.Numerics;

namespace HrmSharp.Data.Sudoku;

/// <summary>What <see cref="SudokuSolver.Solve(ReadOnlySpan{byte}, int, Random?)"/> found.</summary>
/// <param name="Solutions">Solutions found, at most the limit asked for (so 2 with limit 2 means "not unique").</param>
/// <param name="Solution">The first solution found, or null when there is none.</param>
/// <param name="Guesses">Values tried at cells that had two or more candidates: the search effort.
/// 0 means naked singles alone solve the puzzle (and, with limit 2, prove it unique).</param>
/// <param name="Backtracks">Dead ends reached (an empty cell with no candidate left).</param>
public readonly record struct SudokuSolveResult(int Solutions, Grid? Solution, long Guesses, long Backtracks);

/// <summary>
/// Exact 9×9 Sudoku solver: depth-first backtracking over bitmask candidates, always branching on the empty cell with
/// the fewest candidates. It counts solutions up to a limit (2 proves uniqueness) and reports its effort.
/// </summary>
public static class SudokuSolver
{
    public const int Side = 9;
    public const int CellCount = 81;
    private const int AllDigits = 0x1FF; // bit d-1 set = digit d

    public static SudokuSolveResult Solve(Grid puzzle, int limit = 2, Random? shuffle = null)
    {
        if (puzzle.Rows != Side || puzzle.Cols != Side)
            throw new ArgumentException($"a sudoku is 9x9, not {puzzle.Rows}x{puzzle.Cols}");
        return Solve(puzzle.Cells, limit, shuffle);
    }

    /// <summary>
    /// Solves 81 row-major cells (0 = blank, 1..9 = given), stopping after <paramref name="limit"/> solutions.
    /// With <paramref name="shuffle"/> the digits at each branch are tried in random order (used to draw random full
    /// grids); without it they are tried in ascending order, so the result is a pure function of the cells.
    /// </summary>
    public static SudokuSolveResult Solve(ReadOnlySpan<byte> cells, int limit = 2, Random? shuffle = null)
    {
        if (cells.Length != CellCount) throw new ArgumentException($"a sudoku has 81 cells, not {cells.Length}");
        if (limit < 1) throw new ArgumentOutOfRangeException(nameof(limit), limit, "limit must be at least 1");
        var search = new Search(cells, limit, shuffle);
        return search.Run();
    }

    internal static int BoxOf(int cell) => cell / 27 * 3 + cell % 9 / 3;

    /// <summary>One search's mutable state, private to a single call (the solver itself is stateless).</summary>
    private sealed class Search
    {
        private readonly byte[] _cells = new byte[CellCount];
        private readonly int[] _rowUsed = new int[Side];
        private readonly int[] _colUsed = new int[Side];
        private readonly int[] _boxUsed = new int[Side];
        private readonly int[] _empty = new int[CellCount]; // the first _emptyCount entries are the blank cells
        private readonly int _limit;
        private readonly Random? _shuffle;
        private readonly bool _contradiction;
        private int _emptyCount;
        private int _solutions;
        private byte[]? _first;
        private long _guesses;
        private long _backtracks;

        public Search(ReadOnlySpan<byte> cells, int limit, Random? shuffle)
        {
            _limit = limit;
            _shuffle = shuffle;
            for (int i = 0; i < CellCount; i++)
            {
                int v = cells[i];
                if (v > 9) throw new ArgumentException($"cell {i} holds {v}; expected 0 (blank) or 1..9");
                if (v == 0)
                {
                    _empty[_emptyCount++] = i;
                    continue;
                }
                int bit = 1 << (v - 1);
                // A repeated given makes the puzzle unsolvable; remember it rather than throw, it is a valid question.
                if (((_rowUsed[i / 9] | _colUsed[i % 9] | _boxUsed[BoxOf(i)]) & bit) != 0) _contradiction = true;
                Place(i, v);
            }
        }

        public SudokuSolveResult Run()
        {
            if (!_contradiction) Recurse();
            return new SudokuSolveResult(_solutions, _first is null ? null : Grid.Create(Side, Side, _first), _guesses, _backtracks);
        }

        private void Place(int cell, int digit)
        {
            int bit = 1 << (digit - 1);
            _cells[cell] = (byte)digit;
            _rowUsed[cell / 9] |= bit;
            _colUsed[cell % 9] |= bit;
            _boxUsed[BoxOf(cell)] |= bit;
        }

        private void Clear(int cell, int digit)
        {
            int bit = ~(1 << (digit - 1));
            _cells[cell] = 0;
            _rowUsed[cell / 9] &= bit;
            _colUsed[cell % 9] &= bit;
            _boxUsed[BoxOf(cell)] &= bit;
        }

        private int Candidates(int cell) => AllDigits & ~(_rowUsed[cell / 9] | _colUsed[cell % 9] | _boxUsed[BoxOf(cell)]);

        /// <summary>Returns true when the solution limit is reached and the whole search should stop.</summary>
        private bool Recurse()
        {
            if (_emptyCount == 0)
            {
                _solutions++;
                _first ??= (byte[])_cells.Clone();
                return _solutions >= _limit;
            }

            // Most-constrained cell first: keeps the tree small and makes forced moves cost no guesses.
            int slot = -1, mask = 0, count = 10;
            for (int k = 0; k < _emptyCount; k++)
            {
                int m = Candidates(_empty[k]);
                int n = BitOperations.PopCount((uint)m);
                if (n < count)
                {
                    (slot, mask, count) = (k, m, n);
                    if (n <= 1) break;
                }
            }
            if (count == 0)
            {
                _backtracks++;
                return false;
            }

            // Take the cell out of the blank list (swap with the last blank); undone in reverse order below.
            int cell = _empty[slot];
            int last = --_emptyCount;
            _empty[slot] = _empty[last];
            _empty[last] = cell;

            Span<int> digits = stackalloc int[9];
            int nd = 0;
            for (int m = mask; m != 0; m &= m - 1) digits[nd++] = BitOperations.TrailingZeroCount(m) + 1;
            if (_shuffle is not null)
                for (int i = nd - 1; i > 0; i--)
                {
                    int j = _shuffle.Next(i + 1);
                    (digits[i], digits[j]) = (digits[j], digits[i]);
                }

            bool stop = false;
            for (int i = 0; i < nd && !stop; i++)
            {
                if (nd > 1) _guesses++;
                Place(cell, digits[i]);
                stop = Recurse();
                Clear(cell, digits[i]);
            }

            _empty[last] = _empty[slot];
            _empty[slot] = cell;
            _emptyCount++;
            return stop;
        }
    }
}
