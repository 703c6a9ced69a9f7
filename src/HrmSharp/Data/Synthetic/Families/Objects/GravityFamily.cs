using HrmSharp.Data.Synthetic.Toolkit;

namespace HrmSharp.Data.Synthetic.Families.Objects;

/// <summary>Every non-background cell slides toward a per-task side until it stacks on the edge or another cell.</summary>
internal sealed class GravityFamily : TaskFamily<GravityFamily.Params>
{
    public sealed record Params(Dir Direction, int Background, IReadOnlyList<int> Palette, double Density, SizeRange Rows, SizeRange Cols)
        : FamilyParams;

    public override string Name => "gravity";
    public override FamilyCategory Category => FamilyCategory.Objects;
    public override string Description => "cells fall toward a per-task side, keeping their order along each line";

    protected override Params DrawParams(Random rng, SynthOptions o)
    {
        int bg = rng.Background();
        return new Params(rng.Pick(DirExtensions.All), bg, rng.Colours(rng.Between(1, 3), bg), 0.1 + 0.4 * rng.NextDouble(),
            SizeRange.Draw(rng, 2, o.MaxSize), SizeRange.Draw(rng, 2, o.MaxSize));
    }

    protected override Grid DrawInput(Random rng, Params p, SynthOptions o) =>
        Scenes.Noise(rng, p.Rows.Next(rng), p.Cols.Next(rng), p.Background, p.Palette, p.Density).ToGrid();

    protected override Grid Apply(Grid input, Params p)
    {
        var c = new Canvas(input.Rows, input.Cols, p.Background);
        var (dr, dc) = p.Direction.Step();
        bool vertical = dr != 0;
        int lines = vertical ? input.Cols : input.Rows, length = vertical ? input.Rows : input.Cols;
        for (int line = 0; line < lines; line++)
        {
            // Walk each line from the side things fall toward, filling the next free slot there.
            int slot = 0;
            for (int step = 0; step < length; step++)
            {
                int pos = (dr + dc) > 0 ? length - 1 - step : step;
                int v = vertical ? input[pos, line] : input[line, pos];
                if (v == p.Background) continue;
                int target = (dr + dc) > 0 ? length - 1 - slot : slot;
                if (vertical) c[target, line] = v; else c[line, target] = v;
                slot++;
            }
        }
        return c.ToGrid();
    }

    // In the frame where things fall down: each column keeps its top-to-bottom sequence and has no gap under it.
    protected override bool Verify(Grid input, Grid output, Params p)
    {
        if (output.Rows != input.Rows || output.Cols != input.Cols) return false;
        var a = DirExtensions.ToDown(input, p.Direction);
        var b = DirExtensions.ToDown(output, p.Direction);
        for (int c = 0; c < a.Cols; c++)
        {
            var before = Enumerable.Range(0, a.Rows).Select(r => a[r, c]).Where(v => v != p.Background);
            var after = Enumerable.Range(0, b.Rows).Select(r => b[r, c]).Where(v => v != p.Background);
            if (!before.SequenceEqual(after)) return false;
            for (int r = 1; r < b.Rows; r++)
                if (b[r - 1, c] != p.Background && b[r, c] == p.Background) return false;
        }
        return true;
    }
}
