namespace HrmSharp.Data.Maze;

/// <summary>Shortest S→G paths by breadth-first search over 4-adjacent non-wall cells.</summary>
public static class MazeSolver
{
    /// <summary>
    /// Row-major cell indices of a shortest path from S to G, both included (so its length in steps is Length - 1),
    /// or null when G cannot be reached. Neighbours are visited up, left, right, down, so the path is deterministic.
    /// </summary>
    public static int[]? ShortestPath(Grid maze)
    {
        int rows = maze.Rows, cols = maze.Cols;
        int start = Find(maze, MazeSymbols.Start), goal = Find(maze, MazeSymbols.Goal);
        var parent = new int[maze.Count];
        Array.Fill(parent, -1);
        parent[start] = start;
        var queue = new Queue<int>();
        queue.Enqueue(start);
        Span<int> dr = [-1, 0, 0, 1], dc = [0, -1, 1, 0];
        while (queue.Count > 0)
        {
            int cur = queue.Dequeue();
            if (cur == goal) break;
            int r = cur / cols, c = cur % cols;
            for (int k = 0; k < 4; k++)
            {
                int nr = r + dr[k], nc = c + dc[k];
                if (nr < 0 || nr >= rows || nc < 0 || nc >= cols) continue;
                int next = nr * cols + nc;
                if (parent[next] >= 0 || maze.Cells[next] == MazeSymbols.Wall) continue;
                parent[next] = cur;
                queue.Enqueue(next);
            }
        }
        if (parent[goal] < 0) return null;
        var path = new List<int>();
        for (int cell = goal; cell != start; cell = parent[cell]) path.Add(cell);
        path.Add(start);
        path.Reverse();
        return path.ToArray();
    }

    /// <summary>Solves <paramref name="question"/>: the answer grid with the path's inner cells marked, and the step count.</summary>
    public static MazePuzzle Solve(Grid question, string source)
    {
        var path = ShortestPath(question) ?? throw new ArgumentException("the goal cannot be reached from the start");
        var cells = question.Cells.ToArray();
        for (int i = 1; i < path.Length - 1; i++) cells[path[i]] = MazeSymbols.Path;
        return new MazePuzzle(question, Grid.Create(question.Rows, question.Cols, cells), path.Length - 1, source);
    }

    private static int Find(Grid maze, byte symbol)
    {
        int at = maze.Cells.IndexOf(symbol);
        if (at < 0 || maze.Cells[(at + 1)..].IndexOf(symbol) >= 0)
            throw new ArgumentException($"a maze needs exactly one '{MazeSymbols.ToChar(symbol)}'");
        return at;
    }
}
