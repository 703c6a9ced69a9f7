using HrmSharp.Data;
using HrmSharp.Data.Maze;
using HrmSharp.Data.Sudoku;
using HrmSharp.Encoding;

namespace HrmSharp.Tests.Encoding;

public class FixedGridEncoderTests
{
    [Fact]
    public void SchemesHaveTheReferenceSizes()
    {
        Assert.Equal((12, 900, 1), (TokenScheme.Arc.VocabSize, TokenScheme.Arc.SeqLen, TokenScheme.Arc.EosId!.Value));
        Assert.Equal((11, 81), (TokenScheme.Sudoku.VocabSize, TokenScheme.Sudoku.SeqLen));
        Assert.Null(TokenScheme.Sudoku.EosId);
        Assert.Equal((6, 900), (TokenScheme.Maze().VocabSize, TokenScheme.Maze().SeqLen));
        Assert.Equal(121, TokenScheme.Maze(11).SeqLen);
        Assert.Equal(TokenScheme.Maze(), TokenScheme.Maze(30));
        Assert.NotEqual(TokenScheme.Maze(), TokenScheme.Arc);
    }

    [Fact]
    public void SudokuDigitsArePlusOneWithBlankAsOne()
    {
        // Reference: '.' -> 0, then + 1 for every cell.
        string text = "5.3..7....1.9.8..." + new string('.', 63);
        var grid = SudokuRules.Parse(text);
        var tokens = SudokuEncoder.Instance.Encode(grid);
        Assert.Equal(text.Select(ch => ch == '.' ? 1 : ch - '0' + 1), tokens);
        Assert.Equal(grid, SudokuEncoder.Instance.Decode(tokens));
    }

    [Fact]
    public void GeneratedSudokusRoundTrip()
    {
        var puzzle = SudokuGenerator.Generate(new Random(1), new SudokuGeneratorOptions(MinClues: 30, MaxClues: 45));
        foreach (var g in new[] { puzzle.Question, puzzle.Solution })
            Assert.Equal(g, SudokuEncoder.Instance.Decode(SudokuEncoder.Instance.Encode(g)));
        Assert.All(SudokuEncoder.Instance.Encode(puzzle.Solution), t => Assert.InRange(t, 2, 10));
    }

    [Fact]
    public void MazeCharactersFollowTheReferenceCharset()
    {
        var maze = MazeGenerator.Generate(new Random(2), new MazeGeneratorOptions(Size: 30));
        var encoder = new MazeEncoder();
        foreach (var g in new[] { maze.Question, maze.Answer })
        {
            var tokens = encoder.Encode(g);
            // Reference char2id: "# SGo"[i] -> i + 1.
            Assert.Equal(MazeSymbols.Format(g).Select(ch => "# SGo".IndexOf(ch) + 1), tokens);
            Assert.Equal(g, encoder.Decode(tokens));
        }
    }

    [Fact]
    public void DihedralEncodingEqualsEncodingTheTransformedGrid()
    {
        var rng = new Random(3);
        var encoder = new MazeEncoder(7);
        var grid = Grid.Create(7, 7, (_, _) => new[] { MazeSymbols.Open, MazeSymbols.Wall, MazeSymbols.Path }[rng.Next(3)]);
        var tokens = new int[49];
        foreach (var d in HrmSharp.Augmentation.Dihedral.All)
        {
            encoder.Encode(grid, d, tokens);
            Assert.Equal(encoder.Encode(d.Apply(grid)), tokens);
        }
        Assert.Throws<ArgumentException>(() => new MazeEncoder(7).Encode(Grid.Filled(7, 6, 0), HrmSharp.Augmentation.Dihedral.Identity, tokens));
    }

    [Fact]
    public void MalformedPredictionsDecodeToNullAndShapesAreChecked()
    {
        var tokens = SudokuEncoder.Instance.Encode(Grid.Filled(9, 9, 0));
        tokens[40] = 0; // PAD
        Assert.Null(SudokuEncoder.Instance.Decode(tokens));
        tokens[40] = 11; // outside the vocabulary
        Assert.Null(SudokuEncoder.Instance.Decode(tokens));

        var maze = new MazeEncoder(5);
        var mazeTokens = maze.Encode(Grid.Filled(5, 5, MazeSymbols.Wall));
        Assert.All(mazeTokens, t => Assert.Equal(1, t));
        mazeTokens[3] = 6;
        Assert.Null(maze.Decode(mazeTokens));

        Assert.Throws<ArgumentException>(() => SudokuEncoder.Instance.Encode(Grid.Filled(8, 9, 0)));
        Assert.Throws<ArgumentException>(() => maze.Encode(Grid.Filled(5, 5, 7))); // colour 7 is no maze symbol
        Assert.Throws<ArgumentException>(() => SudokuEncoder.Instance.Decode(new int[80]));
    }
}
