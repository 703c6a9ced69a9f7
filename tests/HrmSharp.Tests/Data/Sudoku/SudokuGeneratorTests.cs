using HrmSharp.Data;
using HrmSharp.Data.Sudoku;

namespace HrmSharp.Tests.Data.Sudoku;

public class SudokuGeneratorTests
{
    [Fact]
    public void PuzzlesHaveAUniqueSolutionWithinTheClueRangeAndReportTheirEffort()
    {
        var options = new SudokuGeneratorOptions(MinClues: 24, MaxClues: 30);
        var rng = new Random(5);
        for (int k = 0; k < 12; k++)
        {
            var p = SudokuGenerator.Generate(rng, options);
            Assert.InRange(p.Clues, 24, 30);
            Assert.Equal(p.Question.Cells.ToArray().Count(v => v != 0), p.Clues);
            Assert.Equal(1, NaiveSudoku.CountSolutions(p.Question.Cells.ToArray(), cap: 2));
            Assert.True(NaiveSudoku.IsSolved(SudokuRules.Format(p.Solution)));
            var solved = SudokuSolver.Solve(p.Question);
            Assert.Equal(p.Solution, solved.Solution);
            Assert.Equal(solved.Guesses, p.Effort);
        }
    }

    [Fact]
    public void SameSeedSamePuzzlesOtherSeedOtherPuzzles()
    {
        var options = new SudokuGeneratorOptions();
        var a = Enumerable.Range(0, 3).Select(i => SudokuGenerator.Generate(new Random(ParallelPuzzles.SeedFor(9, i)), options)).ToList();
        var b = ParallelPuzzles.Generate(3, 9, (rng, _) => SudokuGenerator.Generate(rng, options), maxThreads: 2);
        var c = ParallelPuzzles.Generate(3, 10, (rng, _) => SudokuGenerator.Generate(rng, options));
        Assert.Equal(a, b);
        Assert.NotEqual(a[0].Question, c[0].Question);
    }

    [Fact]
    public void MinEffortIsRespected()
    {
        var options = new SudokuGeneratorOptions(MinEffort: 20);
        var rng = new Random(8);
        for (int k = 0; k < 5; k++)
        {
            var p = SudokuGenerator.Generate(rng, options);
            Assert.True(p.Effort >= 20, $"effort {p.Effort}");
            Assert.Equal(p.Effort, SudokuSolver.Solve(p.Question).Guesses);
        }
    }

    [Fact]
    public void ExactClueCountIsHitWhenReachable()
    {
        // 35 clues is far above where removal gets stuck, so the target is always reached exactly.
        var p = SudokuGenerator.Generate(new Random(1), new SudokuGeneratorOptions(MinClues: 35, MaxClues: 35));
        Assert.Equal(35, p.Clues);
    }

    [Fact]
    public void ImpossibleLimitsFailWithAClearMessageInsteadOfHanging()
    {
        var options = new SudokuGeneratorOptions(MinClues: 17, MaxClues: 17, MaxAttempts: 3);
        var ex = Assert.Throws<HrmException>(() => SudokuGenerator.Generate(new Random(1), options));
        Assert.Contains("3 attempts", ex.Message);
    }

    [Theory]
    [InlineData(25, 20, 0, "min-clues 25 is greater than max-clues 20")]
    [InlineData(10, 30, 0, "min-clues 10 is outside 17..81")]
    [InlineData(20, 90, 0, "max-clues 90 is outside 17..81")]
    [InlineData(20, 30, -1, "min-effort -1 is negative")]
    public void BadOptionsAreReported(int min, int max, long effort, string message)
    {
        var ex = Assert.Throws<HrmException>(() => new SudokuGeneratorOptions(min, max, effort).Validate());
        Assert.Contains(ex.Problems, e => e.StartsWith(message, StringComparison.Ordinal));
    }

    [Fact]
    public void PuzzleConvertsToAPairAndAOnePairTask()
    {
        var p = SudokuGenerator.Generate(new Random(2), new SudokuGeneratorOptions());
        var task = p.ToTask(SudokuPuzzle.TaskId(123));
        Assert.Equal("sudoku-000123", task.Id);
        Assert.Empty(task.Train);
        var pair = Assert.Single(task.Test);
        Assert.Equal(p.Question, pair.Input);
        Assert.Equal(p.Solution, pair.Output);
        Assert.Equal((9, 9), (pair.Input.Rows, pair.Input.Cols));
    }

    [Fact]
    public void SeedsForNeighbouringIndicesDiffer()
    {
        var seeds = Enumerable.Range(0, 1000).Select(i => ParallelPuzzles.SeedFor(1, i)).ToHashSet();
        Assert.Equal(1000, seeds.Count);
        Assert.NotEqual(ParallelPuzzles.SeedFor(1, 0), ParallelPuzzles.SeedFor(2, 0));
    }
}
