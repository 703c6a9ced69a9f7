using HrmSharp.Data.Synthetic.Toolkit;

namespace HrmSharp.Data.Synthetic.Families.Geometry;

/// <summary>One fixed symmetry of the rectangle (flip, rotation, transpose) applied to a random picture.</summary>
internal sealed class DihedralFamily(string name, D4 transform, string description) : TaskFamily<DihedralFamily.Params>
{
    public sealed record Params(D4 Transform, int Background, IReadOnlyList<int> Palette, double Density, SizeRange Rows, SizeRange Cols)
        : FamilyParams;

    public override string Name => name;
    public override FamilyCategory Category => FamilyCategory.Geometry;
    public override string Description => description;

    protected override Params DrawParams(Random rng, SynthOptions o)
    {
        int bg = rng.Background();
        return new Params(transform, bg, rng.Colours(rng.Between(1, 4), bg), 0.15 + 0.5 * rng.NextDouble(),
            SizeRange.Draw(rng, 2, o.MaxSize), SizeRange.Draw(rng, 2, o.MaxSize));
    }

    protected override Grid DrawInput(Random rng, Params p, SynthOptions o) =>
        Scenes.Noise(rng, p.Rows.Next(rng), p.Cols.Next(rng), p.Background, p.Palette, p.Density).ToGrid();

    protected override Grid Apply(Grid input, Params p) => Dihedral.Apply(input, p.Transform);

    protected override bool Verify(Grid input, Grid output, Params p) => Dihedral.ViaPrimitives(input, p.Transform) == output;
}
