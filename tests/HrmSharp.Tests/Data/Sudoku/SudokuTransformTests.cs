using HrmSharp.Data;
using HrmSharp.Data.Sudoku;

namespace HrmSharp.Tests.Data.Sudoku;

public class SudokuTransformTests
{
    private static readonly int[] Id = [0, 1, 2, 3, 4, 5, 6, 7, 8];
    private static readonly int[] Digits = [1, 2, 3, 4, 5, 6, 7, 8, 9];

    [Fact]
    public void AugmentedPuzzlesStayValidAndKeepTheirUniqueSolution()
    {
        var rng = new Random(4);
        var options = new SudokuGeneratorOptions();
        for (int k = 0; k < 8; k++)
        {
            var p = SudokuGenerator.Generate(rng, options);
            for (int a = 0; a < 5; a++)
            {
                var t = SudokuTransform.Random(rng);
                var q = t.Apply(p);
                Assert.True(NaiveSudoku.IsSolved(SudokuRules.Format(q.Solution)), t.ToString());
                Assert.True(SudokuRules.Agrees(q.Question, q.Solution));
                Assert.Equal(p.Clues, q.Clues);
                var solved = SudokuSolver.Solve(q.Question, limit: 2);
                Assert.Equal(1, solved.Solutions);
                Assert.Equal(q.Solution, solved.Solution);
            }
        }
    }

    [Fact]
    public void InverseUndoesApplyBothWays()
    {
        var rng = new Random(6);
        for (int k = 0; k < 200; k++)
        {
            var g = Grid.Create(9, 9, (_, _) => rng.Next(10)); // any digits, not only valid sudokus
            var t = SudokuTransform.Random(rng);
            Assert.Equal(g, t.Inverse().Apply(t.Apply(g)));
            Assert.Equal(g, t.Apply(t.Inverse().Apply(g)));
            Assert.Equal(t.ToString(), t.Inverse().Inverse().ToString());
        }
    }

    [Fact]
    public void EachPartDoesWhatItSays()
    {
        var g = Grid.Create(9, 9, (r, c) => (r * 9 + c) % 10);

        var transpose = new SudokuTransform(Id, Id, Digits, true).Apply(g);
        Assert.All(Cells(), rc => Assert.Equal(g[rc.c, rc.r], transpose[rc.r, rc.c]));

        int[] rows = [6, 8, 7, 0, 1, 2, 4, 3, 5];
        var rowed = new SudokuTransform(rows, Id, Digits, false).Apply(g);
        Assert.All(Cells(), rc => Assert.Equal(g[rows[rc.r], rc.c], rowed[rc.r, rc.c]));

        int[] cols = [3, 4, 5, 2, 0, 1, 8, 7, 6];
        var colled = new SudokuTransform(Id, cols, Digits, false).Apply(g);
        Assert.All(Cells(), rc => Assert.Equal(g[rc.r, cols[rc.c]], colled[rc.r, rc.c]));

        int[] digits = [9, 8, 7, 6, 5, 4, 3, 2, 1];
        var relabelled = new SudokuTransform(Id, Id, digits, false).Apply(g);
        Assert.All(Cells(), rc => Assert.Equal(g[rc.r, rc.c] == 0 ? 0 : 10 - g[rc.r, rc.c], relabelled[rc.r, rc.c]));
    }

    [Fact]
    public void RandomTransformsCoverEveryPart()
    {
        var rng = new Random(1);
        var ts = Enumerable.Range(0, 200).Select(_ => SudokuTransform.Random(rng)).ToList();
        Assert.Contains(ts, t => t.Transpose);
        Assert.Contains(ts, t => !t.Transpose);
        Assert.Contains(ts, t => t.Rows[0] / 3 != 0);                  // band moved
        Assert.Contains(ts, t => t.Cols[0] % 3 != 0);                  // column moved within its stack
        Assert.Contains(ts, t => !t.Digits.SequenceEqual(Digits));
        Assert.All(ts, t => Assert.Equal(Id, t.Rows.Order()));
    }

    [Fact]
    public void RejectsMapsThatBreakTheRules()
    {
        // Swapping rows 2 and 3 mixes two bands: box contents would no longer be a permutation.
        Assert.Throws<ArgumentException>(() => new SudokuTransform([0, 1, 3, 2, 4, 5, 6, 7, 8], Id, Digits, false));
        Assert.Throws<ArgumentException>(() => new SudokuTransform(Id, [0, 0, 2, 3, 4, 5, 6, 7, 8], Digits, false));
        Assert.Throws<ArgumentException>(() => new SudokuTransform(Id, Id, [0, 1, 2, 3, 4, 5, 6, 7, 8], false));
    }

    [Fact]
    public void TextFormIsStable()
    {
        Assert.Equal("r012345678 c012345678 d123456789 t0", SudokuTransform.Identity.ToString());
        var t = new SudokuTransform([3, 5, 4, 0, 1, 2, 8, 6, 7], Id, [2, 1, 3, 4, 5, 6, 7, 8, 9], true);
        Assert.Equal("r354012867 c012345678 d213456789 t1", t.ToString());
    }

    private static IEnumerable<(int r, int c)> Cells() =>
        Enumerable.Range(0, 81).Select(i => (i / 9, i % 9));
}
