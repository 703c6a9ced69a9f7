namespace HrmSharp.Encoding.Context;

/// <summary>
/// Which absolute 2D features the model embeds (each an id in 0..29, <see cref="ContextBatch.AbsoluteIds"/>). Rotary
/// positions are relative only, yet mirror, rotation and shift rules need a cell's absolute place and its grid's size
/// (in a plain transformer on gravity tasks, learned row/column/edge-distance embeddings lifted exact answers from 2% to 44%).
/// </summary>
[Flags]
public enum AbsoluteFeatures
{
    None = 0,
    /// <summary>Row and column from the grid's top-left.</summary>
    RowCol = 1,
    /// <summary>Distance to the grid's bottom and right edges (height−1−row, width−1−col; 0 past the edge when padded).</summary>
    EdgeDistance = 2,
    /// <summary>The grid's height − 1 and width − 1 (the canvas's own size on the canvas, never the answer's).</summary>
    GridSize = 4,
    All = RowCol | EdgeDistance | GridSize,
}
