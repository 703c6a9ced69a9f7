namespace HrmSharp.Data.Maze;

/// <summary>
/// The one table between Maze-Hard characters and grid colours. Open cells are 0 so a maze looks like an ARC grid
/// (black background) and `hrm data show` draws it legibly in the ARC palette:
/// <code>
///   char  meaning  colour (ARC palette)
///   ' '   open     0 black
///   '#'   wall     5 grey
///   'S'   start    3 green
///   'G'   goal     2 red
///   'o'   path     4 yellow   (answers only: the cells of one shortest path, S and G excluded)
/// </code>
/// </summary>
public static class MazeSymbols
{
    public const char OpenChar = ' ', WallChar = '#', StartChar = 'S', GoalChar = 'G', PathChar = 'o';
    public const byte Open = 0, Wall = 5, Start = 3, Goal = 2, Path = 4;

    /// <summary>The Maze-Hard character set.</summary>
    public const string Charset = "# SGo";

    public static byte ToColour(char ch) => ch switch
    {
        OpenChar => Open,
        WallChar => Wall,
        StartChar => Start,
        GoalChar => Goal,
        PathChar => Path,
        _ => throw new FormatException($"'{ch}' is not a maze character (one of \"{Charset}\")"),
    };

    public static char ToChar(byte colour) => colour switch
    {
        Open => OpenChar,
        Wall => WallChar,
        Start => StartChar,
        Goal => GoalChar,
        Path => PathChar,
        _ => throw new ArgumentException($"colour {colour} is not a maze symbol"),
    };

    /// <summary>Parses N·N characters, row-major, into an N×N grid.</summary>
    public static Grid Parse(string text)
    {
        int n = (int)Math.Round(Math.Sqrt(text.Length));
        if (n * n != text.Length || n < 2 || n > Grid.MaxSide)
            throw new FormatException($"has {text.Length} characters; expected N*N for a square maze of side 2..{Grid.MaxSide}");
        var cells = new byte[text.Length];
        for (int i = 0; i < text.Length; i++)
        {
            try { cells[i] = ToColour(text[i]); }
            catch (FormatException ex) { throw new FormatException($"{ex.Message} at row {i / n}, column {i % n}"); }
        }
        return Grid.Create(n, n, cells);
    }

    public static string Format(Grid g) =>
        string.Create(g.Count, g, static (span, grid) =>
        {
            for (int i = 0; i < span.Length; i++) span[i] = ToChar(grid.Cells[i]);
        });
}
