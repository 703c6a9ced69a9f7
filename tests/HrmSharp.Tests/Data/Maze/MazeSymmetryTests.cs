using HrmSharp.Augmentation;
using HrmSharp.Data.Maze;

namespace HrmSharp.Tests.Data.Maze;

/// <summary>The maze dataset's augmentations are the shared dihedral transforms; they must keep a maze a maze.</summary>
public class MazeSymmetryTests
{
    [Fact]
    public void TransformedMazesKeepTheirShortestPathAndInvertExactly()
    {
        var m = MazeGenerator.Generate(new Random(5), new MazeGeneratorOptions(Size: 20));
        foreach (var d in Dihedral.All)
        {
            var question = d.Apply(m.Question);
            var answer = d.Apply(m.Answer);
            Assert.Equal(m.PathLength, MazeText.Distance(MazeSymbols.Format(question)));
            Assert.Equal(m.PathLength, MazeText.CheckPath(MazeSymbols.Format(answer)));
            Assert.Equal(m.Question, d.Inverse.Apply(question));
            Assert.Equal(m.Answer, d.Inverse.Apply(answer));
        }
    }
}
