using HrmSharp.Data.Synthetic.Toolkit;

namespace HrmSharp.Data.Synthetic.Families.Objects;

/// <summary>Count the objects and answer a bar of that many cells in the task's colour (a row or a column, per task).</summary>
internal sealed class CountObjectsBarFamily : TaskFamily<CountObjectsBarFamily.Params>
{
    public sealed record Params(bool Horizontal, int Bar, int Background, IReadOnlyList<int> Palette, int MaxCount, SizeRange Rows, SizeRange Cols)
        : FamilyParams;

    public override string Name => "count-objects-bar";
    public override FamilyCategory Category => FamilyCategory.Objects;
    public override string Description => "count the objects; output a bar of that length in a per-task colour";
    public override int MinSize => 4;

    protected override Params DrawParams(Random rng, SynthOptions o)
    {
        int bg = rng.Background();
        var c = rng.Colours(4, bg);
        // The bar colour may also be an object colour: the output is about the count, not the colours.
        int bar = rng.Chance(0.5) ? c[0] : c[1];
        return new Params(rng.Chance(0.5), bar, bg, c[1..rng.Between(2, 4)], Math.Min(6, o.MaxSize),
            SizeRange.Draw(rng, 3, o.MaxSize), SizeRange.Draw(rng, 3, o.MaxSize));
    }

    protected override Grid? DrawInput(Random rng, Params p, SynthOptions o)
    {
        int h = p.Rows.Next(rng), w = p.Cols.Next(rng);
        int count = rng.Between(1, Math.Max(1, Math.Min(p.MaxCount, (h + 1) * (w + 1) / 5)));
        return Scenes.Blobs(rng, h, w, p.Background, count, _ => rng.Pick(p.Palette), 1, 5, maxSide: 3)?.Canvas.ToGrid();
    }

    protected override Grid? Apply(Grid input, Params p)
    {
        int n = Segmenter.Find(input, p.Background).Count;
        if (n == 0 || n > Grid.MaxSide) return null;
        return p.Horizontal ? Grid.Filled(1, n, p.Bar) : Grid.Filled(n, 1, p.Bar);
    }

    protected override bool Verify(Grid input, Grid output, Params p)
    {
        int n = new Labels(input, p.Background).Count;
        bool shape = p.Horizontal ? output.Rows == 1 && output.Cols == n : output.Cols == 1 && output.Rows == n;
        return n > 0 && shape && !output.Cells.ContainsAnyExcept((byte)p.Bar);
    }
}
