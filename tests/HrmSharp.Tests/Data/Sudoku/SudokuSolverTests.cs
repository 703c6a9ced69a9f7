using HrmSharp.Data;
using HrmSharp.Data.Sudoku;

namespace HrmSharp.Tests.Data.Sudoku;

public class SudokuSolverTests
{
    // The well-known example puzzle from Wikipedia's "Sudoku" article and its published solution.
    private const string WikiPuzzle =
        "53..7....6..195....98....6.8...6...34..8.3..17...2...6.6....28....419..5....8..79";
    private const string WikiSolution =
        "534678912672195348198342567859761423426853791713924856961537284287419635345286179";

    [Fact]
    public void SolvesAKnownPuzzleToItsPublishedSolution()
    {
        Assert.True(NaiveSudoku.IsSolved(WikiSolution));
        var result = SudokuSolver.Solve(SudokuRules.Parse(WikiPuzzle), limit: 2);
        Assert.Equal(1, result.Solutions);
        Assert.Equal(WikiSolution, SudokuRules.Format(result.Solution!));
    }

    [Fact]
    public void CountsMatchAnIndependentNaiveSolverOnRandomBlankings()
    {
        var rng = new Random(7);
        var full = SudokuRules.Parse(WikiSolution).Cells.ToArray();
        for (int trial = 0; trial < 60; trial++)
        {
            var cells = (byte[])full.Clone();
            int blanks = 40 + trial % 20; // 41..22 clues: from unique to many solutions
            foreach (int i in Enumerable.Range(0, 81).OrderBy(_ => rng.Next()).Take(blanks)) cells[i] = 0;
            int expected = NaiveSudoku.CountSolutions(cells, cap: 30);
            var result = SudokuSolver.Solve(cells, limit: 30);
            Assert.Equal(expected, result.Solutions);
            Assert.True(SudokuRules.IsSolved(result.Solution!));
            Assert.True(SudokuRules.Agrees(Grid.Create(9, 9, cells), result.Solution!));
        }
    }

    [Fact]
    public void EmptyGridHasManySolutionsAndStopsAtTheLimit()
    {
        var result = SudokuSolver.Solve(new byte[81], limit: 5);
        Assert.Equal(5, result.Solutions);
        Assert.True(SudokuRules.IsSolved(result.Solution!));
    }

    [Fact]
    public void RepeatedGivenHasNoSolution()
    {
        var cells = new byte[81];
        cells[0] = 4;
        cells[80] = 4; // different row, column and box: fine
        Assert.Equal(1, SudokuSolver.Solve(cells, limit: 1).Solutions);
        cells[8] = 4; // same row as cell 0
        var result = SudokuSolver.Solve(cells, limit: 2);
        Assert.Equal(0, result.Solutions);
        Assert.Null(result.Solution);
    }

    [Fact]
    public void ForcedCellsCostNoGuesses()
    {
        var cells = SudokuRules.Parse(WikiSolution).Cells.ToArray();
        cells[0] = cells[40] = cells[80] = 0; // each blank has exactly one candidate
        var result = SudokuSolver.Solve(cells, limit: 2);
        Assert.Equal(1, result.Solutions);
        Assert.Equal(0, result.Guesses);
        Assert.Equal(0, result.Backtracks);
    }

    [Fact]
    public void TwoCandidateCellWithTwoSolutionsCostsTwoGuesses()
    {
        // A "deadly rectangle": four cells in two rows, two columns, two boxes holding a,b / b,a. Blanking them
        // leaves exactly two solutions, found by trying both digits at the first rectangle cell.
        var g = SudokuRules.Parse(WikiSolution).Cells.ToArray();
        var rect = FindDeadlyRectangle(g);
        Assert.NotNull(rect);
        foreach (int i in rect!) g[i] = 0;
        Assert.Equal(2, NaiveSudoku.CountSolutions(g, cap: 10));
        var result = SudokuSolver.Solve(g, limit: 10);
        Assert.Equal(2, result.Solutions);
        Assert.Equal(2, result.Guesses);
    }

    [Fact]
    public void EffortIsUnchangedByRelabellingDigits()
    {
        // Candidate counts do not depend on digit names, so the exhaustive search tree of a unique puzzle is the same.
        var rng = new Random(3);
        var options = new SudokuGeneratorOptions();
        for (int k = 0; k < 10; k++)
        {
            var p = SudokuGenerator.Generate(rng, options);
            int[] digits = [1, 2, 3, 4, 5, 6, 7, 8, 9];
            rng.Shuffle(digits);
            var relabelled = new SudokuTransform(SudokuTransform.Identity.Rows, SudokuTransform.Identity.Cols, digits, false).Apply(p.Question);
            Assert.Equal(SudokuSolver.Solve(p.Question).Guesses, SudokuSolver.Solve(relabelled).Guesses);
        }
    }

    [Fact]
    public void ShuffledSolveDrawsValidDeterministicFullGrids()
    {
        var a = SudokuSolver.Solve(new byte[81], limit: 1, shuffle: new Random(11)).Solution!;
        var b = SudokuSolver.Solve(new byte[81], limit: 1, shuffle: new Random(11)).Solution!;
        var c = SudokuSolver.Solve(new byte[81], limit: 1, shuffle: new Random(12)).Solution!;
        Assert.True(SudokuRules.IsSolved(a));
        Assert.True(SudokuRules.IsSolved(c));
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void RejectsWrongShapes()
    {
        Assert.Throws<ArgumentException>(() => SudokuSolver.Solve(new byte[80]));
        Assert.Throws<ArgumentException>(() => SudokuSolver.Solve(Grid.Filled(9, 8, 0)));
    }

    private static int[]? FindDeadlyRectangle(byte[] g)
    {
        for (int r1 = 0; r1 < 9; r1++)
            for (int r2 = r1 + 1; r2 < 9; r2++)
                for (int c1 = 0; c1 < 9; c1++)
                    for (int c2 = c1 + 1; c2 < 9; c2++)
                    {
                        bool twoBoxes = (r1 / 3 == r2 / 3) != (c1 / 3 == c2 / 3);
                        if (twoBoxes && g[r1 * 9 + c1] == g[r2 * 9 + c2] && g[r1 * 9 + c2] == g[r2 * 9 + c1])
                            return [r1 * 9 + c1, r1 * 9 + c2, r2 * 9 + c1, r2 * 9 + c2];
                    }
        return null;
    }
}
