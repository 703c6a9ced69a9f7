namespace HrmSharp.Data.Maze;

/// <summary>
/// Draws N×N mazes: a randomized depth-first carve on a lattice of cells two apart (walls between them, a wall
/// border), optional extra openings that create loops, then a random start and a goal as far from it as possible.
/// Depth-first carving gives long winding corridors, which is what makes long shortest paths common.
/// </summary>
public static class MazeGenerator
{
    public static MazePuzzle Generate(Random rng, MazeGeneratorOptions options, string source = "hrmsharp")
    {
        options.Validate();
        int n = options.Size;
        var open = new bool[n * n];
        var dist = new int[n * n];
        var queue = new Queue<int>();
        for (int attempt = 0; attempt < options.MaxAttempts; attempt++)
        {
            Array.Clear(open);
            Carve(rng, n, open, options.Openings);

            var openCells = Enumerable.Range(0, n * n).Where(i => open[i]).ToArray();
            int start = openCells[rng.Next(openCells.Length)];
            Distances(n, open, start, dist, queue);
            int far = openCells.Max(i => dist[i]);
            if (far < options.MinPath) continue;
            var goals = openCells.Where(i => dist[i] == far).ToArray();
            int goal = goals[rng.Next(goals.Length)];

            var cells = new byte[n * n];
            for (int i = 0; i < cells.Length; i++) cells[i] = open[i] ? MazeSymbols.Open : MazeSymbols.Wall;
            cells[start] = MazeSymbols.Start;
            cells[goal] = MazeSymbols.Goal;
            return MazeSolver.Solve(Grid.Create(n, n, cells), source);
        }
        throw new HrmException(
            $"no {n}x{n} maze with a shortest path of at least {options.MinPath} steps found in {options.MaxAttempts} attempts; lower min-path");
    }

    /// <summary>Randomized DFS over lattice cells (off + 2i). For even N the lattice shifts randomly by one so the
    /// spare wall line is not always at the bottom/right.</summary>
    private static void Carve(Random rng, int n, bool[] open, double openings)
    {
        int m = (n - 1) / 2; // lattice cells per side
        int offR = n % 2 == 0 && rng.Next(2) == 1 ? 2 : 1;
        int offC = n % 2 == 0 && rng.Next(2) == 1 ? 2 : 1;
        int At(int i, int j) => (offR + 2 * i) * n + offC + 2 * j;

        var visited = new bool[m * m];
        var stack = new Stack<int>();
        int first = rng.Next(m * m);
        visited[first] = true;
        open[At(first / m, first % m)] = true;
        stack.Push(first);
        Span<int> next = stackalloc int[4];
        while (stack.Count > 0)
        {
            int cur = stack.Peek(), i = cur / m, j = cur % m, k = 0;
            if (i > 0 && !visited[cur - m]) next[k++] = cur - m;
            if (j > 0 && !visited[cur - 1]) next[k++] = cur - 1;
            if (j < m - 1 && !visited[cur + 1]) next[k++] = cur + 1;
            if (i < m - 1 && !visited[cur + m]) next[k++] = cur + m;
            if (k == 0)
            {
                stack.Pop();
                continue;
            }
            int to = next[rng.Next(k)];
            visited[to] = true;
            int a = At(i, j), b = At(to / m, to % m);
            open[(a + b) / 2] = true; // the wall cell between two lattice cells
            open[b] = true;
            stack.Push(to);
        }

        if (openings <= 0) return;
        for (int i = 0; i < m; i++)
            for (int j = 0; j < m; j++)
            {
                if (j < m - 1 && !open[At(i, j) + 1] && rng.NextDouble() < openings) open[At(i, j) + 1] = true;
                if (i < m - 1 && !open[At(i, j) + n] && rng.NextDouble() < openings) open[At(i, j) + n] = true;
            }
    }

    private static void Distances(int n, bool[] open, int start, int[] dist, Queue<int> queue)
    {
        Array.Fill(dist, -1);
        dist[start] = 0;
        queue.Clear();
        queue.Enqueue(start);
        while (queue.Count > 0)
        {
            int cur = queue.Dequeue(), r = cur / n, c = cur % n;
            foreach (int next in (ReadOnlySpan<int>)[r > 0 ? cur - n : -1, c > 0 ? cur - 1 : -1, c < n - 1 ? cur + 1 : -1, r < n - 1 ? cur + n : -1])
            {
                if (next < 0 || !open[next] || dist[next] >= 0) continue;
                dist[next] = dist[cur] + 1;
                queue.Enqueue(next);
            }
        }
    }
}
