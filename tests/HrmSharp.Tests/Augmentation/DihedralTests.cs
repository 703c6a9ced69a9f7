using HrmSharp.Augmentation;
using HrmSharp.Data;
using HrmSharp.Tests.Data;

namespace HrmSharp.Tests.Augmentation;

public class DihedralTests
{
    // numpy on [[1, 2], [3, 4]]: rot90 → [[2, 4], [1, 3]], fliplr(rot90) → [[4, 2], [3, 1]], and so on.
    [Theory]
    [InlineData(0, "12|34")]
    [InlineData(1, "24|13")]
    [InlineData(2, "43|21")]
    [InlineData(3, "31|42")]
    [InlineData(4, "21|43")]
    [InlineData(5, "34|12")]
    [InlineData(6, "13|24")]
    [InlineData(7, "42|31")]
    public void EachIndexIsTheDocumentedTransform(int index, string expected)
    {
        Assert.Equal(Grid.Parse(expected), new Dihedral(index).Apply(Grid.Parse("12|34")));
    }

    [Theory]
    [InlineData(0, "123|456")]
    [InlineData(1, "36|25|14")]
    [InlineData(2, "654|321")]
    [InlineData(3, "41|52|63")]
    [InlineData(4, "321|654")]
    [InlineData(5, "456|123")]
    [InlineData(6, "14|25|36")]
    [InlineData(7, "63|52|41")]
    public void NonSquareGridsChangeShapeAsNumpyDoes(int index, string expected)
    {
        Assert.Equal(Grid.Parse(expected), new Dihedral(index).Apply(Grid.Parse("123|456")));
    }

    [Fact]
    public void MapAgreesWithApplyCellByCell()
    {
        var rng = new Random(3);
        foreach (var d in Dihedral.All)
            for (int trial = 0; trial < 10; trial++)
            {
                var g = TestTasks.RandomGrid(rng, 9);
                var t = d.Apply(g);
                Assert.Equal(d.Shape(g.Rows, g.Cols), (t.Rows, t.Cols));
                for (int r = 0; r < g.Rows; r++)
                    for (int c = 0; c < g.Cols; c++)
                    {
                        var (r2, c2) = d.Map(r, c, g.Rows, g.Cols);
                        Assert.Equal(g[r, c], t[r2, c2]);
                    }
            }
    }

    [Fact]
    public void InverseAfterApplyIsIdentityWithRandomColourPermutations()
    {
        var rng = new Random(4);
        foreach (var d in Dihedral.All)
            for (int trial = 0; trial < 25; trial++)
            {
                var g = TestTasks.RandomGrid(rng, 30);
                var aug = new TaskAugmentation(d, ColourPermutation.Random(rng, permuteBackground: trial % 2 == 1));
                Assert.Equal(g, aug.Invert(aug.Apply(g)));
                Assert.Equal(g, d.Inverse.Apply(d.Apply(g)));
                Assert.Equal(g, d.Apply(d.Inverse.Apply(g)));
            }
    }

    [Fact]
    public void ComposeIsApplyingInSequence()
    {
        // Asymmetric and non-square, so every transform gives a different result.
        var g = Grid.Parse("1234|5678|9012");
        Assert.Equal(8, Dihedral.All.Select(d => d.Apply(g)).Distinct().Count());
        foreach (var a in Dihedral.All)
            foreach (var b in Dihedral.All)
                Assert.Equal(b.Apply(a.Apply(g)), a.Compose(b).Apply(g));
    }

    [Fact]
    public void TheCayleyTableIsAGroup()
    {
        var all = Dihedral.All.ToArray();
        var e = Dihedral.Identity;
        foreach (var a in all)
        {
            Assert.Equal(a, e.Compose(a));
            Assert.Equal(a, a.Compose(e));
            Assert.Equal(e, a.Compose(a.Inverse));
            Assert.Equal(e, a.Inverse.Compose(a));
            // Latin square: each row and each column of the table holds every element once.
            Assert.Equal(8, all.Select(b => a.Compose(b)).Distinct().Count());
            Assert.Equal(8, all.Select(b => b.Compose(a)).Distinct().Count());
            foreach (var b in all)
                foreach (var c in all)
                    Assert.Equal(a.Compose(b).Compose(c), a.Compose(b.Compose(c)));
        }
        // D4 facts: rot90 has order 4, reflections order 2, and the group is not abelian.
        var r = Dihedral.Rot90;
        Assert.Equal(Dihedral.Rot180, r.Compose(r));
        Assert.Equal(Dihedral.Rot270, r.Compose(r).Compose(r));
        Assert.Equal(e, r.Compose(r).Compose(r).Compose(r));
        foreach (var m in new[] { Dihedral.FlipLeftRight, Dihedral.FlipUpDown, Dihedral.Transpose, Dihedral.AntiTranspose })
            Assert.Equal(e, m.Compose(m));
        Assert.NotEqual(r.Compose(Dihedral.FlipLeftRight), Dihedral.FlipLeftRight.Compose(r));
        Assert.Equal(Dihedral.Rot270, r.Inverse);
    }

    [Fact]
    public void IndexOutsideTheGroupIsRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Dihedral(8));
        Assert.Equal(Dihedral.Identity, default);
    }
}
