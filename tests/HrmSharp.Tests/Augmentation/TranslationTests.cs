using HrmSharp.Augmentation;
using HrmSharp.Data;

namespace HrmSharp.Tests.Augmentation;

public class TranslationTests
{
    [Fact]
    public void RandomOffsetsStayInsideAndReachEveryValidOffset()
    {
        var rng = new Random(9);
        var seen = new HashSet<Translation>();
        for (int i = 0; i < 500; i++)
        {
            var t = Translation.Random(rng, 28, 29);
            Assert.True(t.Fits(28, 29, 30, 30));
            seen.Add(t);
        }
        // Rows 0..2 × columns 0..1.
        Assert.Equal(6, seen.Count);
        Assert.Equal(Translation.None, Translation.Random(rng, 30, 30));
        Assert.Throws<ArgumentException>(() => Translation.Random(rng, 31, 1));
    }

    [Fact]
    public void ApplyPlacesTheGridAndInvertCutsItBack()
    {
        var g = Grid.Parse("12|34|56");
        var t = new Translation(1, 2);

        var canvas = t.Apply(g, 4, 5, fill: 9);

        Assert.Equal(Grid.Parse("99999|99129|99349|99569"), canvas);
        Assert.Equal(g, t.Invert(canvas, 3, 2));
        Assert.Equal((3, 3), t.Map(2, 1));
        Assert.Throws<ArgumentException>(() => new Translation(2, 0).Apply(g, 4, 5));
    }

    [Fact]
    public void PlaceWritesIntoACanvasBuffer()
    {
        var buffer = new byte[3 * 4];
        new Translation(1, 1).Place(Grid.Parse("12|34"), buffer, 4);
        Assert.Equal(new byte[] { 0, 0, 0, 0, 0, 1, 2, 0, 0, 3, 4, 0 }, buffer);
    }
}
