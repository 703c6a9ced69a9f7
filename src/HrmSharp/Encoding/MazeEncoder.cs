using HrmSharp.Data;

namespace HrmSharp.Encoding;

/// <summary>N×N mazes as N·N tokens over "# SGo" → 1..5 (<see cref="TokenScheme.Maze"/>); Maze-Hard is 30×30 = 900.</summary>
public sealed class MazeEncoder(int side = Grid.MaxSide) : FixedGridEncoder(TokenScheme.Maze(side), side, side)
{
    public int Side => Rows;
}
