namespace HrmSharp.Data.Synthetic.Toolkit;

/// <summary>
/// Component labelling by union-find over 8-connected non-background cells: the checks' path, kept independent of
/// the BFS in <see cref="Segmenter"/> so that a bug in one shows up as a failed self-check.
/// </summary>
internal sealed class Labels
{
    /// <summary>Component root per cell (-1 for background).</summary>
    public int[] Root { get; }
    /// <summary>Size of the component whose root is the index.</summary>
    public int[] SizeOfRoot { get; }
    public int Count { get; }

    public Labels(Grid g, int background)
    {
        int n = g.Count, cols = g.Cols;
        var set = new DisjointSet(n);
        var cells = g.Cells;
        for (int i = 0; i < n; i++)
        {
            if (cells[i] == background) continue;
            int r = i / cols, c = i % cols;
            // Union with the already-visited half of the 8-neighbourhood: left, up-left, up, up-right.
            if (c > 0 && cells[i - 1] != background) set.Union(i, i - 1);
            if (r > 0)
            {
                if (cells[i - cols] != background) set.Union(i, i - cols);
                if (c > 0 && cells[i - cols - 1] != background) set.Union(i, i - cols - 1);
                if (c < cols - 1 && cells[i - cols + 1] != background) set.Union(i, i - cols + 1);
            }
        }
        Root = new int[n];
        SizeOfRoot = new int[n];
        for (int i = 0; i < n; i++)
        {
            if (cells[i] == background) { Root[i] = -1; continue; }
            Root[i] = set.Find(i);
            if (SizeOfRoot[Root[i]]++ == 0) Count++;
        }
    }

    public int SizeAt(int i) => Root[i] < 0 ? 0 : SizeOfRoot[Root[i]];

    /// <summary>Roots of all components, in index order.</summary>
    public IEnumerable<int> Roots() => Enumerable.Range(0, Root.Length).Where(i => Root[i] == i);
}
