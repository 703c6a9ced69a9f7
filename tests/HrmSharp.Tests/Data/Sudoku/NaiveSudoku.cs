namespace HrmSharp.Tests.Data.Sudoku;

/// <summary>
/// A deliberately different solver for cross-checks: row-major cell order, digits 1..9 in order, rule checks by
/// scanning row, column and box (no bitmasks, no heuristics). Slow but obviously right.
/// </summary>
public static class NaiveSudoku
{
    public static int CountSolutions(byte[] cells, int cap)
    {
        var g = (byte[])cells.Clone();
        for (int i = 0; i < 81; i++)
            if (g[i] != 0)
            {
                byte v = g[i];
                g[i] = 0;
                bool ok = Fits(g, i, v);
                g[i] = v;
                if (!ok) return 0;
            }
        int count = 0;
        Recurse(g, 0, cap, ref count);
        return count;
    }

    public static bool IsSolved(string s) =>
        s.Length == 81 && Enumerable.Range(0, 9).All(k =>
            Enumerable.Range(0, 9).Select(j => s[k * 9 + j]).Order().SequenceEqual("123456789") &&
            Enumerable.Range(0, 9).Select(j => s[j * 9 + k]).Order().SequenceEqual("123456789") &&
            Enumerable.Range(0, 9).Select(j => s[(k / 3 * 3 + j / 3) * 9 + k % 3 * 3 + j % 3]).Order().SequenceEqual("123456789"));

    private static void Recurse(byte[] g, int from, int cap, ref int count)
    {
        int i = from;
        while (i < 81 && g[i] != 0) i++;
        if (i == 81)
        {
            count++;
            return;
        }
        for (byte v = 1; v <= 9 && count < cap; v++)
            if (Fits(g, i, v))
            {
                g[i] = v;
                Recurse(g, i + 1, cap, ref count);
                g[i] = 0;
            }
    }

    private static bool Fits(byte[] g, int cell, byte v)
    {
        int r = cell / 9, c = cell % 9, br = r / 3 * 3, bc = c / 3 * 3;
        for (int k = 0; k < 9; k++)
            if (g[r * 9 + k] == v || g[k * 9 + c] == v || g[(br + k / 3) * 9 + bc + k % 3] == v) return false;
        return true;
    }
}
