using HrmSharp.Data.Synthetic.Toolkit;

namespace HrmSharp.Data.Synthetic.Families.Objects;

/// <summary>Draw a one-cell outline in the task's colour around every object (8- or 4-neighbourhood, per task).</summary>
internal sealed class OutlineObjectsFamily : TaskFamily<OutlineObjectsFamily.Params>
{
    public sealed record Params(bool Diagonal, int Outline, int Background, IReadOnlyList<int> Palette, SizeRange Rows, SizeRange Cols) : FamilyParams;

    public override string Name => "outline-objects";
    public override FamilyCategory Category => FamilyCategory.Objects;
    public override string Description => "surround every object with a per-task outline colour (with or without corners)";

    protected override Params DrawParams(Random rng, SynthOptions o)
    {
        int bg = rng.Background();
        var c = rng.Colours(4, bg);
        return new Params(rng.Chance(0.6), c[0], bg, c[1..rng.Between(2, 4)], SizeRange.Draw(rng, 3, o.MaxSize), SizeRange.Draw(rng, 3, o.MaxSize));
    }

    protected override Grid? DrawInput(Random rng, Params p, SynthOptions o)
    {
        int h = p.Rows.Next(rng), w = p.Cols.Next(rng);
        int count = rng.Between(1, Math.Max(1, Math.Min(4, h * w / 16)));
        return Scenes.Blobs(rng, h, w, p.Background, count, _ => rng.Pick(p.Palette), 1, 8)?.Canvas.ToGrid();
    }

    // Pull form: a background cell becomes outline when it sees an object next to it.
    protected override Grid Apply(Grid input, Params p)
    {
        var c = Canvas.From(input);
        for (int r = 0; r < input.Rows; r++)
            for (int k = 0; k < input.Cols; k++)
            {
                if (input[r, k] != p.Background) continue;
                bool near = false;
                for (int dr = -1; dr <= 1 && !near; dr++)
                    for (int dk = -1; dk <= 1 && !near; dk++)
                    {
                        if ((dr == 0 && dk == 0) || (!p.Diagonal && dr != 0 && dk != 0)) continue;
                        near = c.Contains(r + dr, k + dk) && input[r + dr, k + dk] != p.Background;
                    }
                if (near) c[r, k] = p.Outline;
            }
        return c.ToGrid();
    }

    // Push form: every object cell stamps its neighbourhood.
    protected override bool Verify(Grid input, Grid output, Params p)
    {
        if (output.Rows != input.Rows || output.Cols != input.Cols) return false;
        var stamped = new bool[input.Count];
        (int, int)[] offsets = p.Diagonal
            ? [(-1, -1), (-1, 0), (-1, 1), (0, -1), (0, 1), (1, -1), (1, 0), (1, 1)]
            : [(-1, 0), (1, 0), (0, -1), (0, 1)];
        for (int r = 0; r < input.Rows; r++)
            for (int c = 0; c < input.Cols; c++)
            {
                if (input[r, c] == p.Background) continue;
                foreach (var (dr, dc) in offsets)
                {
                    int rr = r + dr, cc = c + dc;
                    if (rr >= 0 && rr < input.Rows && cc >= 0 && cc < input.Cols) stamped[rr * input.Cols + cc] = true;
                }
            }
        for (int i = 0; i < input.Count; i++)
        {
            int expected = input.Cells[i] != p.Background ? input.Cells[i] : stamped[i] ? p.Outline : p.Background;
            if (output.Cells[i] != expected) return false;
        }
        return true;
    }
}
