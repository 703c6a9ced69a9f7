using HrmSharp.Augmentation;
using HrmSharp.Data;

namespace HrmSharp.Tests.Augmentation;

public class ColourPermutationTests
{
    [Fact]
    public void RandomKeepsBackgroundFixedUnlessAsked()
    {
        var rng = new Random(5);
        var fixedBg = Enumerable.Range(0, 200).Select(_ => ColourPermutation.Random(rng)).ToList();
        var movedBg = Enumerable.Range(0, 200).Select(_ => ColourPermutation.Random(rng, permuteBackground: true)).ToList();

        Assert.All(fixedBg, p => Assert.Equal(0, p[0]));
        Assert.All(fixedBg.Concat(movedBg), p => Assert.Equal(Enumerable.Range(0, 10), Enumerable.Range(0, 10).Select(c => p[c]).Order()));
        Assert.Contains(movedBg, p => p[0] != 0);
        // Every colour 1..9 reaches every image 1..9 over 200 draws (a uniform shuffle, not a rotation or a few fixed maps).
        for (int c = 1; c < 10; c++) Assert.Equal(9, fixedBg.Select(p => p[c]).Distinct().Count());
    }

    [Fact]
    public void RandomIsDeterministicForASeed()
    {
        Assert.Equal(ColourPermutation.Random(new Random(7)), ColourPermutation.Random(new Random(7)));
        Assert.NotEqual(ColourPermutation.Random(new Random(7)), ColourPermutation.Random(new Random(8)));
    }

    [Fact]
    public void ApplyInverseAndCompose()
    {
        var p = ColourPermutation.Parse("0712345896"); // 1→7, 7→8, 8→9, 9→6, 6→5, ... 2..5 shift by one
        var q = ColourPermutation.Parse("9876543210");
        var g = Grid.Parse("0123|4567|8999");

        Assert.Equal(Grid.Parse("0712|3458|9666"), p.Apply(g));
        Assert.Equal(g, p.Inverse.Apply(p.Apply(g)));
        Assert.Equal(q.Apply(p.Apply(g)), p.Compose(q).Apply(g));
        Assert.Equal(ColourPermutation.Identity, p.Compose(p.Inverse));
        Assert.True(p.FixesBackground);
        Assert.False(q.FixesBackground);
    }

    [Fact]
    public void TextFormRoundTripsAndBadTextIsRejected()
    {
        var rng = new Random(8);
        for (int i = 0; i < 50; i++)
        {
            var p = ColourPermutation.Random(rng, permuteBackground: true);
            Assert.Equal(p, ColourPermutation.Parse(p.ToString()));
        }
        Assert.Equal("0123456789", ColourPermutation.Identity.ToString());
        Assert.Throws<FormatException>(() => ColourPermutation.Parse("0123456788"));
        Assert.Throws<FormatException>(() => ColourPermutation.Parse("012345678"));
        Assert.Throws<ArgumentException>(() => ColourPermutation.FromMap([0, 1, 2, 3, 4, 5, 6, 7, 8, 10]));
    }
}
