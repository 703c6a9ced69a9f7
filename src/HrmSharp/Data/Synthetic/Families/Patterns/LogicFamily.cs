using HrmSharp.Data.Synthetic.Toolkit;

namespace HrmSharp.Data.Synthetic.Families.Patterns;

/// <summary>
/// The input is two halves split by a divider line (per-task orientation and colours); the output marks, in the
/// task's output colour, the cells where the boolean operation of the two halves' "filled" masks holds.
/// </summary>
internal sealed class LogicFamily(LogicFamily.Operation op) : TaskFamily<LogicFamily.Params>
{
    public enum Operation { And, Or, Xor, Nor }

    public sealed record Params(Operation Op, bool SideBySide, int Divider, int First, int Second, int Result, int Background, double Density,
        SizeRange Rows, SizeRange Cols) : FamilyParams;

    public override string Name => "logic-" + op.ToString().ToLowerInvariant();
    public override FamilyCategory Category => FamilyCategory.Patterns;
    public override string Description => $"{op.ToString().ToUpperInvariant()} of the two halves on either side of a divider line";

    protected override Params DrawParams(Random rng, SynthOptions o)
    {
        int bg = rng.Background();
        var c = rng.Colours(4, bg);
        bool sideBySide = rng.Chance(0.5);
        int half = (o.MaxSize - 1) / 2;
        // Output colour: a fresh colour or one of the halves' colours.
        int result = rng.Pick([c[3], c[1], c[2]]);
        return new Params(op, sideBySide, c[0], c[1], rng.Chance(0.7) ? c[2] : c[1], result, bg, 0.3 + 0.4 * rng.NextDouble(),
            SizeRange.Draw(rng, sideBySide ? 2 : 1, sideBySide ? o.MaxSize : half),
            SizeRange.Draw(rng, sideBySide ? 1 : 2, sideBySide ? half : o.MaxSize));
    }

    protected override Grid DrawInput(Random rng, Params p, SynthOptions o)
    {
        int h = p.Rows.Next(rng), w = p.Cols.Next(rng); // the size of one half
        return p.SideBySide
            ? Grid.Create(h, 2 * w + 1, (r, c) => c == w ? p.Divider : rng.Chance(p.Density) ? (c < w ? p.First : p.Second) : p.Background)
            : Grid.Create(2 * h + 1, w, (r, c) => r == h ? p.Divider : rng.Chance(p.Density) ? (r < h ? p.First : p.Second) : p.Background);
    }

    protected override Grid? Apply(Grid input, Params p)
    {
        if ((p.SideBySide ? input.Cols : input.Rows) % 2 == 0) return null;
        int h = p.SideBySide ? input.Rows : input.Rows / 2, w = p.SideBySide ? input.Cols / 2 : input.Cols;
        int dr = p.SideBySide ? 0 : h + 1, dc = p.SideBySide ? w + 1 : 0;
        var c = new Canvas(h, w, p.Background);
        for (int r = 0; r < h; r++)
            for (int k = 0; k < w; k++)
            {
                bool a = input[r, k] != p.Background, b = input[r + dr, k + dc] != p.Background;
                bool on = p.Op switch
                {
                    Operation.And => a && b,
                    Operation.Or => a || b,
                    Operation.Xor => a != b,
                    _ => !a && !b,
                };
                if (on) c[r, k] = p.Result;
            }
        var g = c.ToGrid();
        // An all-empty or all-full answer shows nothing of the operation.
        return g.Cells.ContainsAnyExcept((byte)p.Background) && g.Cells.ContainsAnyExcept((byte)p.Result) ? g : null;
    }

    // Truth tables as 4-bit masks indexed by (first filled) + 2·(second filled).
    protected override bool Verify(Grid input, Grid output, Params p)
    {
        int table = p.Op switch { Operation.And => 0b1000, Operation.Or => 0b1110, Operation.Xor => 0b0110, _ => 0b0001 };
        int h = output.Rows, w = output.Cols;
        bool shape = p.SideBySide ? input.Rows == h && input.Cols == 2 * w + 1 : input.Cols == w && input.Rows == 2 * h + 1;
        if (!shape) return false;
        for (int r = 0; r < h; r++)
            for (int c = 0; c < w; c++)
            {
                var (r2, c2) = p.SideBySide ? (r, c + w + 1) : (r + h + 1, c);
                var (rd, cd) = p.SideBySide ? (r, w) : (h, c);
                if (input[rd, cd] != p.Divider) return false;
                int index = (input[r, c] != p.Background ? 1 : 0) + (input[r2, c2] != p.Background ? 2 : 0);
                if (output[r, c] != (((table >> index) & 1) == 1 ? p.Result : p.Background)) return false;
            }
        return true;
    }
}
