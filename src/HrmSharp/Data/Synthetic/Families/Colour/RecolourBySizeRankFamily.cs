using HrmSharp.Data.Synthetic.Toolkit;

namespace HrmSharp.Data.Synthetic.Families.Colour;

/// <summary>
/// A fixed number of same-coloured objects with distinct sizes; the largest takes the task's first rank colour,
/// the next the second, and so on.
/// </summary>
internal sealed class RecolourBySizeRankFamily : TaskFamily<RecolourBySizeRankFamily.Params>
{
    public sealed record Params(IReadOnlyList<int> RankColours, int Background, IReadOnlyList<int> ObjectColours, SizeRange Rows, SizeRange Cols)
        : FamilyParams;

    public override string Name => "recolour-by-size-rank";
    public override FamilyCategory Category => FamilyCategory.Colour;
    public override string Description => "recolour objects by size rank (largest first) with per-task rank colours";
    public override int MinSize => 4;

    protected override Params DrawParams(Random rng, SynthOptions o)
    {
        int n = rng.Between(2, o.MaxSize < 6 ? 2 : 4);
        int bg = rng.Background();
        var c = rng.Colours(n + 2, bg);
        int min = Math.Min(o.MaxSize, 2 * n + 1);
        return new Params(c[..n], bg, c[n..], SizeRange.Draw(rng, min, o.MaxSize), SizeRange.Draw(rng, min, o.MaxSize));
    }

    protected override Grid? DrawInput(Random rng, Params p, SynthOptions o)
    {
        int h = p.Rows.Next(rng), w = p.Cols.Next(rng);
        int colour = rng.Pick(p.ObjectColours);
        var scene = Scenes.Blobs(rng, h, w, p.Background, p.RankColours.Count, _ => colour, 1, 8, maxSide: 4);
        return scene?.Canvas.ToGrid();
    }

    protected override Grid? Apply(Grid input, Params p)
    {
        var objects = Segmenter.Find(input, p.Background).OrderByDescending(x => x.Size).ToList();
        if (objects.Count != p.RankColours.Count || objects.Select(x => x.Size).Distinct().Count() != objects.Count) return null;
        var c = Canvas.From(input);
        for (int rank = 0; rank < objects.Count; rank++)
            foreach (var (r, k) in objects[rank].Cells) c[r, k] = p.RankColours[rank];
        return c.ToGrid();
    }

    protected override bool Verify(Grid input, Grid output, Params p)
    {
        if (output.Rows != input.Rows || output.Cols != input.Cols) return false;
        var labels = new Labels(input, p.Background);
        var sizes = labels.Roots().Select(r => labels.SizeOfRoot[r]).ToList();
        if (sizes.Count != p.RankColours.Count || sizes.Distinct().Count() != sizes.Count) return false;
        for (int i = 0; i < input.Count; i++)
        {
            int size = labels.SizeAt(i);
            // Rank = number of objects strictly larger than this one.
            int expected = size == 0 ? input.Cells[i] : p.RankColours[sizes.Count(s => s > size)];
            if (output.Cells[i] != expected) return false;
        }
        return true;
    }
}
