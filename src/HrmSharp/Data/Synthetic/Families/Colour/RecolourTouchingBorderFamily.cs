using HrmSharp.Data.Synthetic.Toolkit;

namespace HrmSharp.Data.Synthetic.Families.Colour;

/// <summary>Objects that touch the grid's edge take the task's highlight colour; inner objects stay.</summary>
internal sealed class RecolourTouchingBorderFamily : TaskFamily<RecolourTouchingBorderFamily.Params>
{
    public sealed record Params(int Highlight, int Background, IReadOnlyList<int> Palette, SizeRange Rows, SizeRange Cols) : FamilyParams;

    public override string Name => "recolour-touching-border";
    public override FamilyCategory Category => FamilyCategory.Colour;
    public override string Description => "recolour the objects that touch the grid border with a per-task colour";
    public override int MinSize => 5;

    protected override Params DrawParams(Random rng, SynthOptions o)
    {
        int bg = rng.Background();
        var c = rng.Colours(4, bg);
        // An object off the border needs a 3×3 window at least.
        return new Params(c[0], bg, c[1..rng.Between(2, 4)], SizeRange.Draw(rng, 5, o.MaxSize), SizeRange.Draw(rng, 5, o.MaxSize));
    }

    protected override Grid? DrawInput(Random rng, Params p, SynthOptions o)
    {
        int h = p.Rows.Next(rng), w = p.Cols.Next(rng);
        int count = rng.Between(2, Math.Max(2, Math.Min(6, h * w / 8)));
        return Scenes.Blobs(rng, h, w, p.Background, count, _ => rng.Pick(p.Palette), 1, 6, maxSide: 3)?.Canvas.ToGrid();
    }

    protected override Grid? Apply(Grid input, Params p)
    {
        var objects = Segmenter.Find(input, p.Background);
        var touching = objects.Where(x => x.TouchesBorder(input.Rows, input.Cols)).ToList();
        if (touching.Count == 0 || touching.Count == objects.Count) return null; // both kinds must be on show
        var c = Canvas.From(input);
        foreach (var x in touching)
            foreach (var (r, k) in x.Cells) c[r, k] = p.Highlight;
        return c.ToGrid();
    }

    protected override bool Verify(Grid input, Grid output, Params p)
    {
        if (output.Rows != input.Rows || output.Cols != input.Cols) return false;
        var labels = new Labels(input, p.Background);
        // Walk the border ring and collect the components found on it.
        var onBorder = new HashSet<int>();
        for (int r = 0; r < input.Rows; r++)
            for (int c = 0; c < input.Cols; c++)
                if ((r == 0 || c == 0 || r == input.Rows - 1 || c == input.Cols - 1) && labels.Root[r * input.Cols + c] >= 0)
                    onBorder.Add(labels.Root[r * input.Cols + c]);
        if (onBorder.Count == 0 || onBorder.Count == labels.Count) return false;
        for (int i = 0; i < input.Count; i++)
            if (output.Cells[i] != (onBorder.Contains(labels.Root[i]) ? p.Highlight : input.Cells[i])) return false;
        return true;
    }
}
