namespace HrmSharp.Data.Synthetic.Toolkit;

/// <summary>Union-find with path halving; the smaller index becomes the root so roots are deterministic.</summary>
internal sealed class DisjointSet
{
    private readonly int[] _parent;

    public DisjointSet(int count)
    {
        _parent = new int[count];
        for (int i = 0; i < count; i++) _parent[i] = i;
    }

    public int Find(int i)
    {
        while (_parent[i] != i) i = _parent[i] = _parent[_parent[i]];
        return i;
    }

    public void Union(int a, int b)
    {
        a = Find(a);
        b = Find(b);
        if (a != b) _parent[Math.Max(a, b)] = Math.Min(a, b);
    }
}
