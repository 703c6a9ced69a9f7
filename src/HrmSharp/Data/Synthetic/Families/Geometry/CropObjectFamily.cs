using HrmSharp.Data.Synthetic.Toolkit;

namespace HrmSharp.Data.Synthetic.Families.Geometry;

/// <summary>
/// Crop to one object's bounding box. The object is singled out per task either by a target colour or by being
/// the largest; the crop keeps whatever else lies inside that box.
/// </summary>
internal sealed class CropObjectFamily(bool byColour) : TaskFamily<CropObjectFamily.Params>
{
    /// <summary><paramref name="Target"/> is the target colour (by-colour variant) or -1 (largest variant).</summary>
    public sealed record Params(int Target, int Background, IReadOnlyList<int> Palette, SizeRange Rows, SizeRange Cols) : FamilyParams;

    public override string Name => byColour ? "crop-object" : "crop-largest-object";
    public override FamilyCategory Category => FamilyCategory.Geometry;
    public override string Description => byColour
        ? "crop to the bounding box of the object in the task's target colour"
        : "crop to the bounding box of the largest object";
    public override int MinSize => 4;

    protected override Params DrawParams(Random rng, SynthOptions o)
    {
        int bg = rng.Background();
        var colours = rng.Colours(4, bg);
        return new Params(byColour ? colours[0] : -1, bg, byColour ? colours[1..] : colours[..rng.Between(1, 4)],
            SizeRange.Draw(rng, 4, o.MaxSize), SizeRange.Draw(rng, 4, o.MaxSize));
    }

    protected override Grid? DrawInput(Random rng, Params p, SynthOptions o)
    {
        int h = p.Rows.Next(rng), w = p.Cols.Next(rng);
        int count = rng.Between(2, Math.Max(2, Math.Min(4, h * w / 8)));
        var scene = Scenes.Blobs(rng, h, w, p.Background, count,
            i => byColour && i == 0 ? p.Target : rng.Pick(p.Palette), minSize: 2, maxSize: 9, maxSide: Math.Max(2, Math.Min(h, w) - 1));
        return scene?.Canvas.ToGrid();
    }

    protected override Grid? Apply(Grid input, Params p)
    {
        int top, left, bottom, right;
        if (byColour)
        {
            var cells = Enumerable.Range(0, input.Count).Where(i => input.Cells[i] == p.Target).ToList();
            if (cells.Count == 0) return null;
            top = cells.Min(i => i / input.Cols); bottom = cells.Max(i => i / input.Cols);
            left = cells.Min(i => i % input.Cols); right = cells.Max(i => i % input.Cols);
        }
        else
        {
            var objects = Segmenter.Find(input, p.Background).OrderByDescending(x => x.Size).ToList();
            if (objects.Count < 2 || objects[0].Size == objects[1].Size) return null; // "largest" must be unique
            (top, left, bottom, right) = (objects[0].Top, objects[0].Left, objects[0].Bottom, objects[0].Right);
        }
        return Grid.Create(bottom - top + 1, right - left + 1, (r, c) => input[top + r, left + c]);
    }

    protected override bool Verify(Grid input, Grid output, Params p)
    {
        // The box is found by scanning row and column extents of the target cells.
        Func<int, bool> isTarget;
        if (byColour) isTarget = i => input.Cells[i] == p.Target;
        else
        {
            var labels = new Labels(input, p.Background);
            var sizes = labels.Roots().Select(r => labels.SizeOfRoot[r]).OrderDescending().ToList();
            if (sizes.Count < 2 || sizes[0] == sizes[1]) return false;
            int root = labels.Roots().First(r => labels.SizeOfRoot[r] == sizes[0]);
            isTarget = i => labels.Root[i] == root;
        }
        int top = -1, bottom = -1, left = int.MaxValue, right = -1;
        for (int r = 0; r < input.Rows; r++)
            for (int c = 0; c < input.Cols; c++)
            {
                if (!isTarget(r * input.Cols + c)) continue;
                if (top < 0) top = r;
                bottom = r;
                left = Math.Min(left, c);
                right = Math.Max(right, c);
            }
        if (top < 0 || output.Rows != bottom - top + 1 || output.Cols != right - left + 1) return false;
        for (int r = 0; r < output.Rows; r++)
            for (int c = 0; c < output.Cols; c++)
                if (output[r, c] != input[top + r, left + c]) return false;
        return true;
    }
}
