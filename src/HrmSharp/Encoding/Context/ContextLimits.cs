using HrmSharp.Data;

namespace HrmSharp.Encoding.Context;

/// <summary>Ranges of every integer id an in-context sequence carries, i.e. the table sizes of the model's embeddings.</summary>
public static class ContextLimits
{
    /// <summary>Grids per sequence: up to 15 demos + query input + canvas (ARC-1/ARC-2 tasks have at most 10 demos).</summary>
    public const int MaxGrids = 32;

    public const int MaxDemos = MaxGrids / 2 - 1;

    public const int Roles = 4;

    /// <summary>Row, column, edge distances and (size − 1) are all in 0..29.</summary>
    public const int AxisIds = Grid.MaxSide;

    /// <summary>The longest possible sequence (padded layout, every grid 30×30): the learned-position table size.</summary>
    public const int MaxSequenceLength = MaxGrids * Grid.MaxSide * Grid.MaxSide;
}
