using HrmSharp.Data.Synthetic.Toolkit;

namespace HrmSharp.Data.Synthetic.Families.Patterns;

/// <summary>
/// A symmetric picture (per-task symmetry) with patches painted over in the mask colour; restore the hidden
/// cells from their mirror images. Every hidden cell has a visible mirror image.
/// </summary>
internal sealed class CompleteSymmetryFamily : TaskFamily<CompleteSymmetryFamily.Params>
{
    public enum Symmetry { LeftRight, UpDown, Both, HalfTurn }

    public sealed record Params(Symmetry Kind, int Mask, IReadOnlyList<int> Palette, SizeRange Rows, SizeRange Cols) : FamilyParams;

    public override string Name => "complete-symmetry";
    public override FamilyCategory Category => FamilyCategory.Patterns;
    public override string Description => "restore the masked cells of a picture with a per-task symmetry";
    public override int MinSize => 4;

    protected override Params DrawParams(Random rng, SynthOptions o)
    {
        var c = rng.Colours(5);
        return new Params((Symmetry)rng.Next(4), c[0], c[1..rng.Between(3, 5)], SizeRange.Draw(rng, 4, o.MaxSize), SizeRange.Draw(rng, 4, o.MaxSize));
    }

    protected override Grid? DrawInput(Random rng, Params p, SynthOptions o)
    {
        int h = p.Rows.Next(rng), w = p.Cols.Next(rng);
        var c = new Canvas(h, w);
        // Colour each orbit once (at its first cell in row-major order), so the picture is symmetric by construction.
        Span<(int R, int C)> orbit = stackalloc (int, int)[4];
        for (int r = 0; r < h; r++)
            for (int k = 0; k < w; k++)
            {
                int first = int.MaxValue;
                foreach (var (rr, cc) in orbit[..Orbit(p.Kind, h, w, r, k, orbit)]) first = Math.Min(first, rr * w + cc);
                c[r, k] = first == r * w + k ? rng.Pick(p.Palette) : c[first / w, first % w];
            }
        int patches = rng.Between(1, 2);
        for (int i = 0; i < patches; i++)
        {
            int ph = rng.Between(1, Math.Max(1, h / 2)), pw = rng.Between(1, Math.Max(1, w / 2));
            int r0 = rng.Next(h - ph + 1), c0 = rng.Next(w - pw + 1);
            for (int r = r0; r < r0 + ph; r++)
                for (int k = c0; k < c0 + pw; k++) c[r, k] = p.Mask;
        }
        return c.ToGrid();
    }

    protected override Grid? Apply(Grid input, Params p)
    {
        var c = Canvas.From(input);
        Span<(int R, int C)> orbit = stackalloc (int, int)[4];
        for (int r = 0; r < input.Rows; r++)
            for (int k = 0; k < input.Cols; k++)
            {
                if (input[r, k] != p.Mask) continue;
                int seen = -1;
                foreach (var (rr, cc) in orbit[..Orbit(p.Kind, input.Rows, input.Cols, r, k, orbit)])
                {
                    int v = input[rr, cc];
                    if (v == p.Mask) continue;
                    if (seen >= 0 && seen != v) return null; // the picture was not symmetric
                    seen = v;
                }
                if (seen < 0) return null; // every mirror image is hidden too
                c[r, k] = seen;
            }
        return c.ToGrid();
    }

    // The answer has no mask left, agrees with every visible cell, and equals its own mirror images.
    protected override bool Verify(Grid input, Grid output, Params p)
    {
        if (output.Rows != input.Rows || output.Cols != input.Cols || output.Cells.Contains((byte)p.Mask)) return false;
        for (int i = 0; i < input.Count; i++)
            if (input.Cells[i] != p.Mask && output.Cells[i] != input.Cells[i]) return false;
        return p.Kind switch
        {
            Symmetry.LeftRight => Dihedral.ViaPrimitives(output, D4.FlipH) == output,
            Symmetry.UpDown => Dihedral.ViaPrimitives(output, D4.FlipV) == output,
            Symmetry.Both => Dihedral.ViaPrimitives(output, D4.FlipH) == output && Dihedral.ViaPrimitives(output, D4.FlipV) == output,
            _ => Dihedral.ViaPrimitives(output, D4.Rot180) == output,
        };
    }

    /// <summary>Writes the cell and its mirror images into <paramref name="orbit"/>; returns how many.</summary>
    private static int Orbit(Symmetry kind, int h, int w, int r, int c, Span<(int R, int C)> orbit)
    {
        int n = 0;
        orbit[n++] = (r, c);
        if (kind is Symmetry.LeftRight or Symmetry.Both) orbit[n++] = (r, w - 1 - c);
        if (kind is Symmetry.UpDown or Symmetry.Both) orbit[n++] = (h - 1 - r, c);
        if (kind is Symmetry.HalfTurn or Symmetry.Both) orbit[n++] = (h - 1 - r, w - 1 - c);
        return n;
    }
}
