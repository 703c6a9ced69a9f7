using HrmSharp.Data;
using HrmSharp.Data.Maze;

namespace HrmSharp.Tests.Maze;

public class MazeDihedralTests
{
    [Fact]
    public void InverseUndoesEveryTransformOnNonSquareGrids()
    {
        var rng = new Random(1);
        for (int trial = 0; trial < 20; trial++)
        {
            var g = Grid.Create(rng.Next(1, 8), rng.Next(1, 8), (_, _) => rng.Next(10));
            for (int k = 0; k < 8; k++)
                Assert.Equal(g, MazeDihedral.Apply(MazeDihedral.Apply(g, k), MazeDihedral.Inverse(k)));
        }
    }

    [Fact]
    public void TheEightTransformsAreDistinctAndMatchTheirDefinitions()
    {
        var g = Grid.FromRows([1, 2, 3], [4, 5, 6]);
        string[] expected =
        [
            "123|456",    // identity
            "41|52|63",   // rotate clockwise
            "654|321",    // rotate 180
            "36|25|14",   // rotate counter-clockwise
            "14|25|36",   // transpose
            "321|654",    // transpose, rotate clockwise: mirror left-right
            "63|52|41",   // anti-transpose
            "456|123",    // transpose, rotate counter-clockwise: flip upside down
        ];
        Assert.Equal(expected, Enumerable.Range(0, 8).Select(k => MazeDihedral.Apply(g, k).ToString()));
    }

    [Fact]
    public void TransformedMazesKeepTheirShortestPath()
    {
        var m = MazeGenerator.Generate(new Random(5), new MazeGeneratorOptions(Size: 20));
        for (int k = 0; k < 8; k++)
        {
            var t = MazeDihedral.Apply(m, k);
            Assert.Equal(m.PathLength, MazeText.Distance(MazeSymbols.Format(t.Question)));
            Assert.Equal(m.PathLength, MazeText.CheckPath(MazeSymbols.Format(t.Answer)));
            Assert.Equal(m, MazeDihedral.Apply(t, MazeDihedral.Inverse(k)));
        }
    }
}
