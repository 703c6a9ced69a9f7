using HrmSharp.Augmentation;
using HrmSharp.Data.Maze;
using HrmSharp.Data.Sudoku;
using HrmSharp.Encoding;

namespace HrmSharp.Tests.Encoding;

public class PuzzleDatasetTests
{
    private static readonly SudokuPuzzle[] Sudokus = Enumerable.Range(0, 3)
        .Select(i => SudokuGenerator.Generate(new Random(i), new SudokuGeneratorOptions(MinClues: 30, MaxClues: 45))).ToArray();

    [Fact]
    public void SudokuVariantsAreValidShufflesFixedBySeed()
    {
        var ds = new SudokuPuzzleIdDataset(Sudokus[..2], Sudokus[2..], augmentations: 4, seed: 9);
        Assert.Equal((2, 5, 1, 1), (ds.GroupCount, ds.VariantCount(0), ((IPuzzleIdDataset)ds).ExampleCount(0), ds.PuzzleIds.Count));
        Assert.False(((IPuzzleIdDataset)ds).Translates);

        var inputs = new int[81];
        var labels = new int[81];
        for (int g = 0; g < 2; g++)
            for (int v = 0; v < 5; v++)
            {
                ds.EncodeTraining(new TrainingExample(g, v, 0, default), inputs, labels);
                var q = SudokuEncoder.Instance.Decode(inputs)!;
                var s = SudokuEncoder.Instance.Decode(labels)!;
                Assert.True(SudokuRules.IsSolved(s));
                Assert.True(SudokuRules.Agrees(q, s));
                Assert.Equal(Sudokus[g].Clues, q.Cells.ToArray().Count(c => c != 0));
                // The direct token path equals the shared SudokuTransform applied to the grids.
                var t = ds.Transform(g, v);
                Assert.Equal((t.Apply(Sudokus[g].Question), t.Apply(Sudokus[g].Solution)), (q, s));
                if (v == 0) Assert.Equal((Sudokus[g].Question, Sudokus[g].Solution), (q, s));
                else Assert.NotEqual(Sudokus[g].Solution, s);
                Assert.Equal(0, ((IPuzzleIdDataset)ds).PuzzleId(g, v));
            }

        // Transposed and plain shuffles both occur among a few variants (the transpose branch is exercised above).
        Assert.Contains(Enumerable.Range(1, 4), v => ds.Transform(0, v).Transpose);
        Assert.Contains(Enumerable.Range(1, 4), v => !ds.Transform(0, v).Transpose);
        Assert.Equal(ds.Transform(1, 3).ToString(), new SudokuPuzzleIdDataset(Sudokus[..2], [], 4, 9).Transform(1, 3).ToString());
        Assert.NotEqual(ds.Transform(1, 3).ToString(), new SudokuPuzzleIdDataset(Sudokus[..2], [], 4, 10).Transform(1, 3).ToString());

        ds.EncodeEvaluation(0, inputs, labels);
        Assert.Equal(SudokuEncoder.Instance.Encode(Sudokus[2].Question), inputs);
        Assert.Equal(SudokuEncoder.Instance.Encode(Sudokus[2].Solution), labels);
    }

    [Fact]
    public void MazeVariantsAreTheEightDihedralImages()
    {
        var mazes = Enumerable.Range(0, 3).Select(i => MazeGenerator.Generate(new Random(i), new MazeGeneratorOptions(Size: 9))).ToArray();
        var ds = new MazePuzzleIdDataset(mazes[..2], mazes[2..], augment: true);
        Assert.Equal((81, 6, 8), (ds.Scheme.SeqLen, ds.Scheme.VocabSize, ds.VariantCount(0)));
        Assert.Equal(1, new MazePuzzleIdDataset(mazes[..2], [], augment: false).VariantCount(0));

        var inputs = new int[81];
        var labels = new int[81];
        foreach (var d in Dihedral.All)
        {
            ds.EncodeTraining(new TrainingExample(1, d.Index, 0, default), inputs, labels);
            Assert.Equal(d.Apply(mazes[1].Question), ds.Encoder.Decode(inputs));
            Assert.Equal(d.Apply(mazes[1].Answer), ds.Encoder.Decode(labels));
        }
        ds.EncodeEvaluation(0, inputs, labels);
        Assert.Equal(mazes[2].Answer, ds.Encoder.Decode(labels));
    }

    [Fact]
    public void MazesOfDifferentSizesAreRejected()
    {
        var small = MazeGenerator.Generate(new Random(1), new MazeGeneratorOptions(Size: 9));
        var large = MazeGenerator.Generate(new Random(1), new MazeGeneratorOptions(Size: 11));
        var ex = Assert.Throws<HrmException>(() => new MazePuzzleIdDataset([small], [large], augment: false));
        Assert.Contains("evaluation maze 0 is 11x11; every maze must be 9x9", ex.Message);
        Assert.Throws<HrmException>(() => new MazePuzzleIdDataset([], [], augment: false));
    }
}
