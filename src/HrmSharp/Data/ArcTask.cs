namespace HrmSharp.Data;

/// <summary>
/// A task: demonstration pairs (always with outputs) and test pairs (outputs may be unknown).
/// Sudoku and Maze puzzles are tasks with no demos and one test pair.
/// </summary>
public sealed record ArcTask(string Id, IReadOnlyList<Pair> Train, IReadOnlyList<Pair> Test)
{
    public IEnumerable<Grid> AllGrids()
    {
        foreach (var p in Train.Concat(Test))
        {
            yield return p.Input;
            if (p.Output is not null) yield return p.Output;
        }
    }
}
