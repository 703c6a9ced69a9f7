namespace HrmSharp.Reporting;

/// <summary>
/// An evaluation report read back for display (see <see cref="EvalReportReader"/> for the JSON): the summary, every
/// task, and where the task files are when the report names them.
/// </summary>
public sealed record EvalReport(EvalSummary Summary, IReadOnlyList<ReportTask> Tasks, string? TasksPath)
{
    /// <summary>Held-out fixed-shape puzzles the report carries as text (Sudoku, mazes); empty for ARC reports.</summary>
    public IReadOnlyList<ReportPuzzle> Puzzles { get; init; } = [];

    /// <summary>"sudoku" or "maze" when <see cref="Puzzles"/> has any.</summary>
    public string? PuzzleKind { get; init; }

    /// <summary>pass@k as the report states it, else recomputed over the scored tasks; null when no task is scored.</summary>
    public double? PassAt(int k)
    {
        if (Summary.PassAtK.TryGetValue(k, out double v)) return v;
        var scored = Tasks.Where(t => t.Scored).ToList();
        return scored.Count == 0 ? null : (double)scored.Count(t => t.PassAt(k)) / scored.Count;
    }
}
