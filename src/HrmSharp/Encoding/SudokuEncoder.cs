namespace HrmSharp.Encoding;

/// <summary>9×9 Sudoku as 81 tokens: digit d (0 = blank) → d + 1 (<see cref="TokenScheme.Sudoku"/>).</summary>
public sealed class SudokuEncoder() : FixedGridEncoder(TokenScheme.Sudoku, 9, 9)
{
    public static SudokuEncoder Instance { get; } = new();
}
