namespace HrmSharp.Tests.Data.Maze;

/// <summary>Test-side helpers over the character form, independent of the library's solver.</summary>
public static class MazeText
{
    /// <summary>Plain BFS distance in steps from 'S' to 'G' over non-'#' cells, or -1 when unreachable.</summary>
    public static int Distance(string maze)
    {
        int n = (int)Math.Sqrt(maze.Length);
        int s = maze.IndexOf('S'), g = maze.IndexOf('G');
        var dist = Enumerable.Repeat(-1, maze.Length).ToArray();
        dist[s] = 0;
        var frontier = new List<int> { s };
        while (frontier.Count > 0)
        {
            var next = new List<int>();
            foreach (int cur in frontier)
                foreach (int nb in new[] { cur - n, cur + n, cur % n > 0 ? cur - 1 : -1, cur % n < n - 1 ? cur + 1 : -1 })
                    if (nb >= 0 && nb < maze.Length && maze[nb] != '#' && dist[nb] < 0)
                    {
                        dist[nb] = dist[cur] + 1;
                        next.Add(nb);
                    }
            frontier = next;
        }
        return dist[g];
    }

    /// <summary>Checks the answer's 'o' cells form one simple 4-connected chain from S to G and returns its steps.</summary>
    public static int CheckPath(string answer)
    {
        int n = (int)Math.Sqrt(answer.Length);
        int s = answer.IndexOf('S'), g = answer.IndexOf('G');
        var onPath = new HashSet<int>(Enumerable.Range(0, answer.Length).Where(i => answer[i] == 'o')) { g };
        int cur = s, prev = -1, steps = 0;
        while (cur != g)
        {
            var nbs = new[] { cur - n, cur + n, cur % n > 0 ? cur - 1 : -1, cur % n < n - 1 ? cur + 1 : -1 }
                .Where(nb => nb >= 0 && nb < answer.Length && nb != prev && onPath.Contains(nb)).ToList();
            Assert.True(nbs.Count == 1, $"path branches or breaks at row {cur / n}, column {cur % n}");
            (prev, cur) = (cur, nbs[0]);
            onPath.Remove(cur);
            steps++;
        }
        Assert.Empty(onPath); // every 'o' was on the chain
        return steps;
    }
}
