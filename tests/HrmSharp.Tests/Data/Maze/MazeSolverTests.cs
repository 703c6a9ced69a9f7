using HrmSharp.Data.Maze;

namespace HrmSharp.Tests.Data.Maze;

public class MazeSolverTests
{
    // Two routes from S to G: through the middle (8 steps) and round the right side (16 steps).
    private const string Small =
        "#######" +
        "#S#   #" +
        "# # # #" +
        "#   # #" +
        "### # #" +
        "#G    #" +
        "#######";

    [Fact]
    public void FindsTheShortestOfTwoRoutes()
    {
        var p = MazeSolver.Solve(MazeSymbols.Parse(Small), "t");
        Assert.Equal(8, p.PathLength);
        Assert.Equal(8, MazeText.Distance(Small));
        Assert.Equal(
            "#######" +
            "#S#   #" +
            "#o# # #" +
            "#ooo# #" +
            "###o# #" +
            "#Goo  #" +
            "#######", MazeSymbols.Format(p.Answer));
        Assert.Equal(MazeSymbols.Parse(Small), p.Question);
    }

    [Fact]
    public void PathIsAValidChainFromStartToGoal()
    {
        var path = MazeSolver.ShortestPath(MazeSymbols.Parse(Small))!;
        Assert.Equal(Small.IndexOf('S'), path[0]);
        Assert.Equal(Small.IndexOf('G'), path[^1]);
        for (int i = 1; i < path.Length; i++)
        {
            int a = path[i - 1], b = path[i];
            Assert.Equal(1, Math.Abs(a / 7 - b / 7) + Math.Abs(a % 7 - b % 7));
            Assert.NotEqual('#', Small[b]);
        }
    }

    [Fact]
    public void MazesWithoutABorderDoNotWrapAroundTheEdges()
    {
        // Leaving column 0 of row 1 to the left must not land on G at the end of row 0; the real route is 12 steps.
        const string open =
            "S#  G" +
            " #   " +
            " #   " +
            " #   " +
            "     ";
        Assert.Equal(12, MazeText.Distance(open));
        var p = MazeSolver.Solve(MazeSymbols.Parse(open), "t");
        Assert.Equal(12, p.PathLength);
        Assert.Equal(12, MazeText.CheckPath(MazeSymbols.Format(p.Answer)));
    }

    [Fact]
    public void UnreachableGoalHasNoPath()
    {
        string walled = Small.Remove(3 * 7 + 3, 1).Insert(3 * 7 + 3, "#").Remove(7 + 3, 1).Insert(7 + 3, "#");
        Assert.Equal(-1, MazeText.Distance(walled));
        Assert.Null(MazeSolver.ShortestPath(MazeSymbols.Parse(walled)));
        Assert.Throws<ArgumentException>(() => MazeSolver.Solve(MazeSymbols.Parse(walled), "t"));
    }

    [Fact]
    public void MissingOrDoubledStartIsRejected()
    {
        Assert.Throws<ArgumentException>(() => MazeSolver.ShortestPath(MazeSymbols.Parse(Small.Replace('S', ' '))));
        Assert.Throws<ArgumentException>(() => MazeSolver.ShortestPath(MazeSymbols.Parse(Small.Replace("#S", "SS"))));
    }
}
