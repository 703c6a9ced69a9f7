using HrmSharp.Data.Synthetic.Toolkit;

namespace HrmSharp.Data.Synthetic.Families.Objects;

/// <summary>Erase isolated pixels (no non-background cell among their 8 neighbours); objects of 2+ cells stay.</summary>
internal sealed class DeleteNoiseFamily : TaskFamily<DeleteNoiseFamily.Params>
{
    /// <summary><paramref name="NoisePalette"/> may equal the object palette (noise looks like the objects) or not.</summary>
    public sealed record Params(int Background, IReadOnlyList<int> Palette, IReadOnlyList<int> NoisePalette, SizeRange Rows, SizeRange Cols)
        : FamilyParams;

    public override string Name => "delete-noise";
    public override FamilyCategory Category => FamilyCategory.Objects;
    public override string Description => "erase isolated single pixels, keep objects";
    public override int MinSize => 4;

    protected override Params DrawParams(Random rng, SynthOptions o)
    {
        int bg = rng.Background();
        var objects = rng.Colours(rng.Between(1, 3), bg);
        var noise = rng.Chance(0.5) ? objects : rng.Colours(rng.Between(1, 2), bg);
        return new Params(bg, objects, noise, SizeRange.Draw(rng, 4, o.MaxSize), SizeRange.Draw(rng, 4, o.MaxSize));
    }

    protected override Grid? DrawInput(Random rng, Params p, SynthOptions o)
    {
        int h = p.Rows.Next(rng), w = p.Cols.Next(rng);
        var placer = new Placer(new Canvas(h, w, p.Background));
        int objects = rng.Between(1, Math.Max(1, Math.Min(3, h * w / 12)));
        for (int i = 0; i < objects; i++)
            if (Scenes.RandomBlob(rng, Math.Min(4, h), Math.Min(4, w), 2, 8) is { } s) placer.TryPlace(rng, s, rng.Pick(p.Palette));
        int noise = rng.Between(1, Math.Max(1, h * w / 10));
        for (int i = 0; i < noise; i++) placer.TryPlace(rng, Shape.Rect(1, 1), rng.Pick(p.NoisePalette));
        return placer.Canvas.ToGrid();
    }

    protected override Grid? Apply(Grid input, Params p)
    {
        var c = Canvas.From(input);
        bool any = false;
        for (int r = 0; r < input.Rows; r++)
            for (int k = 0; k < input.Cols; k++)
            {
                if (input[r, k] == p.Background) continue;
                bool alone = true;
                for (int dr = -1; dr <= 1; dr++)
                    for (int dk = -1; dk <= 1; dk++)
                        if ((dr != 0 || dk != 0) && c.Contains(r + dr, k + dk) && input[r + dr, k + dk] != p.Background) alone = false;
                if (alone) { c[r, k] = p.Background; any = true; }
            }
        return any ? c.ToGrid() : null;
    }

    // Components of size one (union-find) are exactly the isolated pixels.
    protected override bool Verify(Grid input, Grid output, Params p)
    {
        if (output.Rows != input.Rows || output.Cols != input.Cols) return false;
        var labels = new Labels(input, p.Background);
        for (int i = 0; i < input.Count; i++)
            if (output.Cells[i] != (labels.SizeAt(i) == 1 ? p.Background : input.Cells[i])) return false;
        return true;
    }
}
