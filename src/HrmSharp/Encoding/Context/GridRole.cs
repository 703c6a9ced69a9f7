namespace HrmSharp.Encoding.Context;

/// <summary>
/// What a grid is in the sequence. The query input has its own role (not just "input"): its grid index moves with the
/// number of demos, so without it the model could tell the grid the canvas must be read from only by relative grid
/// index arithmetic; with it, "the canvas reads the query input" is one learnable pattern for every task.
/// </summary>
public enum GridRole
{
    DemoInput = 0,
    DemoOutput = 1,
    QueryInput = 2,
    /// <summary>The answer canvas: CANVAS tokens in, the answer (and OUTSIDE cells) as labels.</summary>
    Canvas = 3,
}
