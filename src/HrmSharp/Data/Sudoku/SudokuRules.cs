namespace HrmSharp.Data.Sudoku;

/// <summary>Checks of the Sudoku rules on 9×9 grids (0 = blank, 1..9 = digit) and the 81-character text form.</summary>
public static class SudokuRules
{
    /// <summary>True when every row, column and 3×3 box holds each digit 1..9 exactly once.</summary>
    public static bool IsSolved(Grid g)
    {
        if (g.Rows != 9 || g.Cols != 9) return false;
        Span<int> row = stackalloc int[9], col = stackalloc int[9], box = stackalloc int[9];
        for (int i = 0; i < 81; i++)
        {
            int v = g.Cells[i];
            if (v is < 1 or > 9) return false;
            int bit = 1 << (v - 1);
            int r = i / 9, c = i % 9, b = SudokuSolver.BoxOf(i);
            if (((row[r] | col[c] | box[b]) & bit) != 0) return false;
            row[r] |= bit;
            col[c] |= bit;
            box[b] |= bit;
        }
        return true;
    }

    /// <summary>True when every given of <paramref name="question"/> equals the cell of <paramref name="solution"/>.</summary>
    public static bool Agrees(Grid question, Grid solution)
    {
        if (question.Rows != solution.Rows || question.Cols != solution.Cols) return false;
        for (int i = 0; i < question.Count; i++)
            if (question.Cells[i] != 0 && question.Cells[i] != solution.Cells[i]) return false;
        return true;
    }

    /// <summary>Parses 81 characters, row-major: '1'..'9' digits, '.' or '0' blanks.</summary>
    public static Grid Parse(string text)
    {
        if (text.Length != 81) throw new FormatException($"has {text.Length} characters; expected 81");
        var cells = new byte[81];
        for (int i = 0; i < 81; i++)
        {
            char ch = text[i];
            cells[i] = ch switch
            {
                '.' or '0' => 0,
                >= '1' and <= '9' => (byte)(ch - '0'),
                _ => throw new FormatException($"has '{ch}' at position {i + 1}; expected 1-9, '.' or '0'"),
            };
        }
        return Grid.Create(9, 9, cells);
    }

    /// <summary>The 81-character form, blanks written as '.' (the Sudoku-Extreme convention).</summary>
    public static string Format(Grid g)
    {
        if (g.Rows != 9 || g.Cols != 9) throw new ArgumentException($"a sudoku is 9x9, not {g.Rows}x{g.Cols}");
        return string.Create(81, g, static (span, grid) =>
        {
            for (int i = 0; i < 81; i++) span[i] = grid.Cells[i] == 0 ? '.' : (char)('0' + grid.Cells[i]);
        });
    }
}
