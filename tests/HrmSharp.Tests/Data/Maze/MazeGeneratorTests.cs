using HrmSharp.Data;
using HrmSharp.Data.Maze;

namespace HrmSharp.Tests.Data.Maze;

public class MazeGeneratorTests
{
    [Theory]
    [InlineData(5)]
    [InlineData(12)]
    [InlineData(29)]
    [InlineData(30)]
    public void MazesHaveWallBorderOneStartOneGoalAndAShortestPath(int size)
    {
        var rng = new Random(size);
        for (int k = 0; k < 10; k++)
        {
            var m = MazeGenerator.Generate(rng, new MazeGeneratorOptions(Size: size));
            string q = MazeSymbols.Format(m.Question), a = MazeSymbols.Format(m.Answer);
            Assert.Equal((size, size), (m.Question.Rows, m.Question.Cols));
            Assert.Equal(1, q.Count(ch => ch == 'S'));
            Assert.Equal(1, q.Count(ch => ch == 'G'));
            Assert.DoesNotContain('o', q);
            for (int i = 0; i < size; i++)
                Assert.True(q[i] == '#' && q[^(i + 1)] == '#' && q[i * size] == '#' && q[i * size + size - 1] == '#');
            Assert.Equal(MazeText.Distance(q), m.PathLength);
            Assert.Equal(m.PathLength, MazeText.CheckPath(a));
            Assert.Equal(m.PathLength - 1, a.Count(ch => ch == 'o'));
        }
    }

    [Fact]
    public void GoalIsAsFarAsAnyCellFromTheStart()
    {
        var rng = new Random(2);
        for (int k = 0; k < 5; k++)
        {
            var m = MazeGenerator.Generate(rng, new MazeGeneratorOptions(Size: 15));
            string q = MazeSymbols.Format(m.Question);
            // Moving G to any other open cell never gives a longer shortest path.
            var others = Enumerable.Range(0, q.Length).Where(i => q[i] == ' ')
                .Select(i => MazeText.Distance(q.Replace('G', ' ').Remove(i, 1).Insert(i, "G")));
            Assert.True(others.All(d => d <= m.PathLength));
        }
    }

    [Fact]
    public void MinPathIsRespected()
    {
        var rng = new Random(4);
        var options = new MazeGeneratorOptions(Size: 30, MinPath: 150);
        for (int k = 0; k < 10; k++)
        {
            var m = MazeGenerator.Generate(rng, options);
            Assert.True(m.PathLength >= 150, $"path {m.PathLength}");
            Assert.Equal(m.PathLength, MazeText.Distance(MazeSymbols.Format(m.Question)));
        }
    }

    [Fact]
    public void OpeningsAddLoops()
    {
        // With no openings the carve is a tree: open cells = edges + 1 in the 4-neighbour graph.
        static (int cells, int edges) Count(string q, int n) =>
            (q.Count(ch => ch != '#'),
             Enumerable.Range(0, q.Length).Where(i => q[i] != '#')
                 .Sum(i => (i % n < n - 1 && q[i + 1] != '#' ? 1 : 0) + (i + n < q.Length && q[i + n] != '#' ? 1 : 0)));
        var tree = MazeSymbols.Format(MazeGenerator.Generate(new Random(1), new MazeGeneratorOptions(Size: 21, Openings: 0)).Question);
        var (c0, e0) = Count(tree, 21);
        Assert.Equal(c0 - 1, e0);
        var loopy = MazeSymbols.Format(MazeGenerator.Generate(new Random(1), new MazeGeneratorOptions(Size: 21, Openings: 0.3)).Question);
        var (c1, e1) = Count(loopy, 21);
        Assert.True(e1 > c1 - 1);
    }

    [Fact]
    public void SameSeedSameMazes()
    {
        var options = new MazeGeneratorOptions(Size: 17);
        var a = ParallelPuzzles.Generate(6, 3, (rng, _) => MazeGenerator.Generate(rng, options), maxThreads: 1);
        var b = ParallelPuzzles.Generate(6, 3, (rng, _) => MazeGenerator.Generate(rng, options), maxThreads: 2);
        var c = ParallelPuzzles.Generate(6, 4, (rng, _) => MazeGenerator.Generate(rng, options));
        Assert.Equal(a, b);
        Assert.NotEqual(a[0].Question, c[0].Question);
    }

    [Fact]
    public void UnreachableMinPathFailsWithAClearMessage()
    {
        var ex = Assert.Throws<HrmException>(() =>
            MazeGenerator.Generate(new Random(1), new MazeGeneratorOptions(Size: 7, MinPath: 40, MaxAttempts: 20)));
        Assert.Contains("at least 40 steps", ex.Message);
    }

    [Theory]
    [InlineData(4, 0, 0.05, "size 4 is outside 5..30")]
    [InlineData(31, 0, 0.05, "size 31 is outside 5..30")]
    [InlineData(10, -1, 0.05, "min-path -1 is negative")]
    [InlineData(10, 100, 0.05, "min-path 100 cannot fit in a 10x10 maze")]
    [InlineData(10, 0, 1.5, "openings 1.5 is outside 0..1")]
    public void BadOptionsAreReported(int size, int minPath, double openings, string message)
    {
        var ex = Assert.Throws<HrmException>(() => new MazeGeneratorOptions(size, minPath, openings).Validate());
        Assert.Contains(message, ex.Problems);
    }

    [Fact]
    public void MazeConvertsToAPairAndAOnePairTask()
    {
        var m = MazeGenerator.Generate(new Random(1), new MazeGeneratorOptions(Size: 9));
        var task = m.ToTask(MazePuzzle.TaskId(7));
        Assert.Equal("maze-000007", task.Id);
        Assert.Empty(task.Train);
        var pair = Assert.Single(task.Test);
        Assert.Equal(m.Question, pair.Input);
        Assert.Equal(m.Answer, pair.Output);
    }
}
