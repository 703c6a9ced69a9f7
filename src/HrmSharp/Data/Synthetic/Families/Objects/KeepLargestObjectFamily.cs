using HrmSharp.Data.Synthetic.Toolkit;

namespace HrmSharp.Data.Synthetic.Families.Objects;

/// <summary>Keep only the (unique) largest object in place; everything else becomes background.</summary>
internal sealed class KeepLargestObjectFamily : TaskFamily<KeepLargestObjectFamily.Params>
{
    public sealed record Params(int Background, IReadOnlyList<int> Palette, SizeRange Rows, SizeRange Cols) : FamilyParams;

    public override string Name => "keep-largest-object";
    public override FamilyCategory Category => FamilyCategory.Objects;
    public override string Description => "keep only the largest object, erase the rest";
    public override int MinSize => 4;

    protected override Params DrawParams(Random rng, SynthOptions o)
    {
        int bg = rng.Background();
        return new Params(bg, rng.Colours(rng.Between(1, 3), bg), SizeRange.Draw(rng, 4, o.MaxSize), SizeRange.Draw(rng, 4, o.MaxSize));
    }

    protected override Grid? DrawInput(Random rng, Params p, SynthOptions o)
    {
        int h = p.Rows.Next(rng), w = p.Cols.Next(rng);
        int count = rng.Between(2, Math.Max(2, Math.Min(5, h * w / 8)));
        return Scenes.Blobs(rng, h, w, p.Background, count, _ => rng.Pick(p.Palette), 1, 9)?.Canvas.ToGrid();
    }

    protected override Grid? Apply(Grid input, Params p)
    {
        var objects = Segmenter.Find(input, p.Background).OrderByDescending(x => x.Size).ToList();
        if (objects.Count < 2 || objects[0].Size == objects[1].Size) return null;
        var c = new Canvas(input.Rows, input.Cols, p.Background);
        foreach (var (r, k) in objects[0].Cells) c[r, k] = input[r, k];
        return c.ToGrid();
    }

    protected override bool Verify(Grid input, Grid output, Params p)
    {
        if (output.Rows != input.Rows || output.Cols != input.Cols) return false;
        var labels = new Labels(input, p.Background);
        var sizes = labels.Roots().Select(r => labels.SizeOfRoot[r]).OrderDescending().ToList();
        if (sizes.Count < 2 || sizes[0] == sizes[1]) return false;
        for (int i = 0; i < input.Count; i++)
            if (output.Cells[i] != (labels.SizeAt(i) == sizes[0] ? input.Cells[i] : p.Background)) return false;
        return true;
    }
}
