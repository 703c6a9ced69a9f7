namespace HrmSharp.Data.Sudoku;

/// <summary>
/// Draws Sudoku puzzles with a unique solution: a random full grid, then clues removed in random order, each removal
/// kept only while the solution stays unique, down to a target clue count; then the difficulty filters.
/// </summary>
public static class SudokuGenerator
{
    public static SudokuPuzzle Generate(Random rng, SudokuGeneratorOptions options, string source = "hrmsharp")
    {
        options.Validate();
        var cells = new byte[81];
        var order = new int[81];
        for (int attempt = 0; attempt < options.MaxAttempts; attempt++)
        {
            var full = SudokuSolver.Solve(new byte[81], limit: 1, shuffle: rng).Solution!;
            full.Cells.CopyTo(cells);
            for (int i = 0; i < 81; i++) order[i] = i;
            rng.Shuffle(order);

            int target = rng.Next(options.MinClues, options.MaxClues + 1);
            int clues = 81;
            foreach (int cell in order)
            {
                if (clues <= target) break;
                byte keep = cells[cell];
                cells[cell] = 0;
                if (SudokuSolver.Solve(cells, limit: 2).Solutions == 1) clues--;
                else cells[cell] = keep;
            }
            if (clues > options.MaxClues) continue;

            long effort = SudokuSolver.Solve(cells, limit: 2).Guesses;
            if (effort < options.MinEffort) continue;
            return new SudokuPuzzle(Grid.Create(9, 9, cells), full, effort, source);
        }
        throw new HrmException(
            $"no sudoku with {options.MinClues}..{options.MaxClues} clues and effort >= {options.MinEffort} found in {options.MaxAttempts} attempts; relax the limits");
    }
}
