using HrmSharp.Data.Synthetic.Toolkit;

namespace HrmSharp.Data.Synthetic.Families.Colour;

/// <summary>The unique largest (or smallest) object takes the task's highlight colour; the others stay.</summary>
internal sealed class RecolourExtremeFamily(bool largest) : TaskFamily<RecolourExtremeFamily.Params>
{
    public sealed record Params(int Highlight, int Background, IReadOnlyList<int> Palette, SizeRange Rows, SizeRange Cols) : FamilyParams;

    public override string Name => largest ? "recolour-largest" : "recolour-smallest";
    public override FamilyCategory Category => FamilyCategory.Colour;
    public override string Description => $"recolour the {(largest ? "largest" : "smallest")} object with a per-task colour";
    public override int MinSize => 4;

    protected override Params DrawParams(Random rng, SynthOptions o)
    {
        int bg = rng.Background();
        var c = rng.Colours(4, bg);
        return new Params(c[0], bg, c[1..rng.Between(2, 4)], SizeRange.Draw(rng, 4, o.MaxSize), SizeRange.Draw(rng, 4, o.MaxSize));
    }

    protected override Grid? DrawInput(Random rng, Params p, SynthOptions o)
    {
        int h = p.Rows.Next(rng), w = p.Cols.Next(rng);
        int count = rng.Between(2, Math.Max(2, Math.Min(5, h * w / 8)));
        return Scenes.Blobs(rng, h, w, p.Background, count, _ => rng.Pick(p.Palette), 1, 8)?.Canvas.ToGrid();
    }

    protected override Grid? Apply(Grid input, Params p)
    {
        var objects = Segmenter.Find(input, p.Background).OrderBy(x => largest ? -x.Size : x.Size).ToList();
        if (objects.Count < 2 || objects[0].Size == objects[1].Size) return null;
        var c = Canvas.From(input);
        foreach (var (r, k) in objects[0].Cells) c[r, k] = p.Highlight;
        return c.ToGrid();
    }

    protected override bool Verify(Grid input, Grid output, Params p)
    {
        if (output.Rows != input.Rows || output.Cols != input.Cols) return false;
        var labels = new Labels(input, p.Background);
        var sizes = labels.Roots().Select(r => labels.SizeOfRoot[r]).ToList();
        if (sizes.Count < 2) return false;
        int extreme = largest ? sizes.Max() : sizes.Min();
        if (sizes.Count(s => s == extreme) != 1) return false;
        for (int i = 0; i < input.Count; i++)
            if (output.Cells[i] != (labels.SizeAt(i) == extreme ? p.Highlight : input.Cells[i])) return false;
        return true;
    }
}
