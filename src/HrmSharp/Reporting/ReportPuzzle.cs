namespace HrmSharp.Reporting;

/// <summary>
/// A held-out fixed-shape puzzle (Sudoku, maze) as the report shows it: its index in the evaluation set, whether the
/// model solved it, and the puzzle, the expected answer and the model's answer as rows of text of one shape.
/// </summary>
public sealed record ReportPuzzle(int Index, bool Solved, IReadOnlyList<string> Input, IReadOnlyList<string> Expected, IReadOnlyList<string> Prediction);
