using HrmSharp.Data.Synthetic.Toolkit;

namespace HrmSharp.Data.Synthetic.Families.Objects;

/// <summary>
/// Two same-coloured pixels facing each other on a row (or column) with only background between are joined by a
/// line of their colour. Which of rows/columns count is per task.
/// </summary>
internal sealed class ConnectPixelsFamily : TaskFamily<ConnectPixelsFamily.Params>
{
    public sealed record Params(bool Rows, bool Cols, int Background, IReadOnlyList<int> Palette, SizeRange Height, SizeRange Width) : FamilyParams;

    public override string Name => "connect-pixels";
    public override FamilyCategory Category => FamilyCategory.Objects;
    public override string Description => "join same-coloured pixels facing each other on a row or column (per task) with a line";

    protected override Params DrawParams(Random rng, SynthOptions o)
    {
        int mode = rng.Next(3);
        int bg = rng.Background();
        return new Params(mode != 1, mode != 0, bg, rng.Colours(rng.Between(1, 3), bg), SizeRange.Draw(rng, 3, o.MaxSize), SizeRange.Draw(rng, 3, o.MaxSize));
    }

    protected override Grid DrawInput(Random rng, Params p, SynthOptions o)
    {
        int h = p.Height.Next(rng), w = p.Width.Next(rng);
        var c = new Canvas(h, w, p.Background);
        int pairs = rng.Between(1, Math.Max(1, Math.Min(3, Math.Min(h, w) / 2)));
        for (int i = 0; i < pairs; i++)
        {
            int colour = rng.Pick(p.Palette);
            bool horizontal = p.Rows && (!p.Cols || rng.Chance(0.5));
            int line = rng.Next(horizontal ? h : w), length = horizontal ? w : h;
            int a = rng.Next(length), b = rng.Next(length);
            if (horizontal) { c[line, a] = colour; c[line, b] = colour; }
            else { c[a, line] = colour; c[b, line] = colour; }
        }
        // Lone pixels that must stay alone.
        int strays = rng.Between(0, 2);
        for (int i = 0; i < strays; i++) c[rng.Next(h), rng.Next(w)] = rng.Pick(p.Palette);
        return c.ToGrid();
    }

    protected override Grid? Apply(Grid input, Params p)
    {
        var c = Canvas.From(input);
        var painted = new bool[input.Count];
        bool any = false;
        // Scan each row (then each column) remembering the last pixel seen; a repeat of its colour closes a segment.
        foreach (bool horizontal in new[] { true, false })
        {
            if (horizontal ? !p.Rows : !p.Cols) continue;
            int lines = horizontal ? input.Rows : input.Cols, length = horizontal ? input.Cols : input.Rows;
            for (int line = 0; line < lines; line++)
            {
                int last = -1;
                for (int pos = 0; pos < length; pos++)
                {
                    int v = horizontal ? input[line, pos] : input[pos, line];
                    if (v == p.Background) continue;
                    if (last >= 0 && pos - last > 1 && (horizontal ? input[line, last] : input[last, line]) == v)
                        for (int q = last + 1; q < pos; q++)
                        {
                            int i = horizontal ? line * input.Cols + q : q * input.Cols + line;
                            if (painted[i]) return null; // lines crossing: ambiguous
                            painted[i] = true;
                            c.Cells[i] = (byte)v;
                            any = true;
                        }
                    last = pos;
                }
            }
        }
        return any ? c.ToGrid() : null;
    }

    // Pull form: a background cell is painted when the nearest pixels on both sides of it agree in colour.
    protected override bool Verify(Grid input, Grid output, Params p)
    {
        if (output.Rows != input.Rows || output.Cols != input.Cols) return false;
        for (int r = 0; r < input.Rows; r++)
            for (int c = 0; c < input.Cols; c++)
            {
                int expected = input[r, c];
                if (expected == p.Background)
                {
                    int h = p.Rows ? Between(input, r, c, 0, 1, p.Background) : -1;
                    int v = p.Cols ? Between(input, r, c, 1, 0, p.Background) : -1;
                    if (h >= 0 && v >= 0) return false;
                    if (h >= 0) expected = h;
                    if (v >= 0) expected = v;
                }
                if (output[r, c] != expected) return false;
            }
        return true;
    }

    private static int Between(Grid g, int r, int c, int dr, int dc, int bg)
    {
        int Nearest(int sign)
        {
            int rr = r + sign * dr, cc = c + sign * dc;
            while (rr >= 0 && rr < g.Rows && cc >= 0 && cc < g.Cols && g[rr, cc] == bg) { rr += sign * dr; cc += sign * dc; }
            return rr >= 0 && rr < g.Rows && cc >= 0 && cc < g.Cols ? g[rr, cc] : -1;
        }
        int a = Nearest(-1), b = Nearest(1);
        return a >= 0 && a == b ? a : -1;
    }
}
