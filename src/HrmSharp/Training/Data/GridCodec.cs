using HrmSharp.Data;

namespace HrmSharp.Training.Data;

/// <summary>
/// Fixed-shape grids (Sudoku 9×9, N×N mazes) as one token per cell, row-major; labels use the same ids, every cell a
/// target, as in the reference datasets. <see cref="Decode"/> gives null for a prediction holding a non-cell token.
/// </summary>
public sealed record GridCodec(string Name, int Rows, int Cols, int VocabSize, Func<byte, int> TokenOf, Func<int, int> ColourOf)
{
    public int SeqLen => Rows * Cols;

    /// <summary>Sudoku (reference build_sudoku_dataset): digit d, blank 0, → d + 1; vocab 11 with PAD 0.</summary>
    public static GridCodec Sudoku { get; } = new("sudoku", 9, 9, 11, c => c + 1, t => t is >= 1 and <= 10 ? t - 1 : -1);

    /// <summary>Mazes (reference build_maze_dataset): "# SGo" → 1..5 (wall, open, start, goal, path); vocab 6 with PAD 0.</summary>
    public static GridCodec Maze(int side) => new("maze", side, side, 6, MazeToken, MazeColour);

    private static readonly byte[] MazeColours = [HrmSharp.Data.Maze.MazeSymbols.Wall, HrmSharp.Data.Maze.MazeSymbols.Open,
        HrmSharp.Data.Maze.MazeSymbols.Start, HrmSharp.Data.Maze.MazeSymbols.Goal, HrmSharp.Data.Maze.MazeSymbols.Path];

    private static int MazeToken(byte colour)
    {
        int i = Array.IndexOf(MazeColours, colour);
        return i < 0 ? throw new ArgumentException($"colour {colour} is not a maze symbol") : i + 1;
    }

    private static int MazeColour(int token) => token is >= 1 and <= 5 ? MazeColours[token - 1] : -1;

    public void Encode(Grid grid, Span<int> tokens)
    {
        if (grid.Rows != Rows || grid.Cols != Cols)
            throw new ArgumentException($"{Name} grids are {Rows}x{Cols}, not {grid.Rows}x{grid.Cols}");
        var cells = grid.Cells;
        for (int i = 0; i < cells.Length; i++)
            tokens[i] = TokenOf(cells[i]);
    }

    public Grid? Decode(ReadOnlySpan<int> tokens)
    {
        var cells = new byte[SeqLen];
        for (int i = 0; i < cells.Length; i++)
        {
            int c = ColourOf(tokens[i]);
            if (c < 0) return null;
            cells[i] = (byte)c;
        }
        return Grid.Create(Rows, Cols, cells);
    }
}
