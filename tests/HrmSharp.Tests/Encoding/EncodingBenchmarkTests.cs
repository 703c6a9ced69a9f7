using HrmSharp.Data;
using HrmSharp.Data.Maze;
using HrmSharp.Data.Sudoku;
using HrmSharp.Encoding;
using Xunit.Abstractions;

namespace HrmSharp.Tests.Encoding;

public class EncodingBenchmarkTests(ITestOutputHelper output)
{
    [Fact]
    public void ArcBatchesAreFarFasterThanATrainingStep()
    {
        // Grids up to 30x30 (ARC-sized), 100 augmentations: the per-example work does not depend on the count.
        var (train, eval) = EncodingTestData.Split(seed: 31, training: 40, evaluation: 20, maxSide: 30);
        var ds = ArcPuzzleIdDataset.Build(train, eval, augmentations: 100, seed: 0);

        var small = EncodingBenchmark.Measure(ds, 16, batches: 200);
        var large = EncodingBenchmark.Measure(ds, 768, batches: 8);
        output.WriteLine(small.ToString());
        output.WriteLine(large.ToString());

        // A CPU training step of the smallest model takes seconds (HRM on ARC: about 4 s at B=16); 5% of it is 200 ms.
        Assert.True(small.MillisecondsPerBatch < 20, small.ToString());
        Assert.True(large.MillisecondsPerBatch < 500, large.ToString());
    }

    [Fact]
    public void SudokuAndMazeBatchesAreFastToo()
    {
        var sudokus = Enumerable.Range(0, 20)
            .Select(i => SudokuGenerator.Generate(new Random(i), new SudokuGeneratorOptions(MinClues: 30, MaxClues: 45))).ToArray();
        var mazes = Enumerable.Range(0, 20).Select(i => MazeGenerator.Generate(new Random(i), new MazeGeneratorOptions(Size: 30))).ToArray();
        var sudoku = EncodingBenchmark.Measure(new SudokuPuzzleIdDataset(sudokus, [], augmentations: 1000, seed: 0), 768, batches: 5);
        var maze = EncodingBenchmark.Measure(new MazePuzzleIdDataset(mazes, [], augment: true), 768, batches: 5);
        output.WriteLine("Sudoku: " + sudoku);
        output.WriteLine("Maze: " + maze);
        Assert.True(sudoku.MillisecondsPerBatch < 500, sudoku.ToString());
        Assert.True(maze.MillisecondsPerBatch < 500, maze.ToString());
    }

    [SkippableFact]
    public void RealArcData()
    {
        var root = TestPaths.RequireArc("arc-agi-1");
        var train = TaskLoader.Load(Path.Combine(root, "training"));
        var eval = TaskLoader.Load(Path.Combine(root, "evaluation"));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var ds = ArcPuzzleIdDataset.Build(train, eval, augmentations: 30, seed: 0);
        output.WriteLine($"build with 30 augmentations: {clock.Elapsed.TotalSeconds:F2} s, {ds.PuzzleIds.Count} identifiers, " +
                         $"{ds.EvaluationCount} evaluation examples, {new BatchSampler(ds, 1, 0).ExamplesPerEpoch} examples per epoch");
        Assert.Equal(800, ds.Tasks.Count);
        Assert.Equal(800, ds.GroupCount);
        Assert.Equal(ds.PuzzleIds.Count - 1, Enumerable.Range(0, 800).Sum(i => ds.Augmentations(i).Count));

        clock.Restart();
        var again = ArcPuzzleIdDataset.FromTable(train, eval, PuzzleIdTable.FromJson(ds.PuzzleIds.ToJson()));
        output.WriteLine($"rebuild from the saved table (JSON round trip included): {clock.Elapsed.TotalSeconds:F2} s");
        Assert.Equal(ds.Evaluation, again.Evaluation);

        foreach (int b in new[] { 16, 768 })
            output.WriteLine("ARC-1: " + EncodingBenchmark.Measure(ds, b, batches: b == 16 ? 300 : 10));
    }
}
