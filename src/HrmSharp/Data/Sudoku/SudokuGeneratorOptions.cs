namespace HrmSharp.Data.Sudoku;

/// <summary>Difficulty controls for <see cref="SudokuGenerator"/>.</summary>
/// <param name="MinClues">Clue removal stops at a target drawn uniformly from MinClues..MaxClues. 17 is the proven
/// minimum for a unique 9×9 puzzle; removal usually gets stuck at a minimal puzzle of 20–27 clues before that.</param>
/// <param name="MaxClues">A puzzle whose removal stopped above this is discarded and a new one drawn.</param>
/// <param name="MinEffort">Discard puzzles the solver finishes with fewer guesses (0 keeps all; see <see cref="SudokuSolveResult.Guesses"/>).</param>
/// <param name="MaxAttempts">Full grids tried per puzzle before giving up, so impossible limits fail instead of hanging.</param>
public sealed record SudokuGeneratorOptions(int MinClues = 17, int MaxClues = 30, long MinEffort = 0, int MaxAttempts = 1000)
{
    public const int FewestClues = 17;

    public IReadOnlyList<string> Problems()
    {
        var p = new List<string>();
        if (MinClues is < FewestClues or > 81) p.Add($"min-clues {MinClues} is outside {FewestClues}..81 (no 9x9 sudoku with fewer than 17 clues has a unique solution)");
        if (MaxClues is < FewestClues or > 81) p.Add($"max-clues {MaxClues} is outside {FewestClues}..81");
        if (MinClues > MaxClues) p.Add($"min-clues {MinClues} is greater than max-clues {MaxClues}");
        if (MinEffort < 0) p.Add($"min-effort {MinEffort} is negative");
        if (MaxAttempts < 1) p.Add($"max-attempts {MaxAttempts} must be at least 1");
        return p;
    }

    public void Validate()
    {
        var p = Problems();
        HrmException.ThrowIfAny(p);
    }
}
