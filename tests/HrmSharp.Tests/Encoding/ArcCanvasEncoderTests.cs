using static HrmSharp.Tests.Data.TestTasks;
using HrmSharp.Augmentation;
using HrmSharp.Data;
using HrmSharp.Encoding;

namespace HrmSharp.Tests.Encoding;

public class ArcCanvasEncoderTests
{
    private const int S = 30;


    [Fact]
    public void LayoutMatchesTheReference()
    {
        // 2x3 grid: colours + 2, EOS row under the 3 columns, EOS column beside the 2 rows, the corner (2, 3) stays PAD.
        var g = Grid.Parse("012|345");
        var tokens = ArcCanvasEncoder.Encode(g);

        var expected = new int[900];
        int[,] cells = { { 0, 1, 2 }, { 3, 4, 5 } };
        for (int r = 0; r < 2; r++)
            for (int c = 0; c < 3; c++) expected[r * S + c] = cells[r, c] + 2;
        for (int c = 0; c < 3; c++) expected[2 * S + c] = 1;
        for (int r = 0; r < 2; r++) expected[r * S + 3] = 1;
        Assert.Equal(expected, tokens);

        var labels = ArcCanvasEncoder.Encode(g, asLabel: true);
        Assert.Equal(expected.Select(t => t == 0 ? -100 : t), labels);
        Assert.Equal(0, tokens[2 * S + 3]);
    }

    [Fact]
    public void EosLinesFallingOffTheCanvasAreLeftOut()
    {
        var full = ArcCanvasEncoder.Encode(Grid.Filled(30, 30, 7));
        Assert.All(full, t => Assert.Equal(9, t));

        // 30 rows x 5 columns: an EOS column at 5 on every row, no EOS row.
        var tall = ArcCanvasEncoder.Encode(Grid.Filled(30, 5, 0));
        Assert.Equal(30, tall.Count(t => t == 1));
        Assert.All(Enumerable.Range(0, 30), r => Assert.Equal(1, tall[r * S + 5]));

        // 3x4 translated to touch the bottom edge at column 10: EOS column 14 on rows 27..29 only.
        var bottom = ArcCanvasEncoder.Encode(Grid.Filled(3, 4, 1), new Translation(27, 10));
        var eos = Enumerable.Range(0, 900).Where(i => bottom[i] == 1).ToArray();
        Assert.Equal(new[] { 27 * S + 14, 28 * S + 14, 29 * S + 14 }, eos);
        Assert.Equal(12, bottom.Count(t => t == 3));
        Assert.Equal(3, bottom[27 * S + 10]);
    }

    [Fact]
    public void EveryShapeRoundTrips()
    {
        var rng = new Random(1);
        for (int rows = 1; rows <= 30; rows++)
            for (int cols = 1; cols <= 30; cols++)
            {
                var g = RandomGrid(rng, rows, cols);
                Assert.Equal(g, ArcCanvasEncoder.Decode(ArcCanvasEncoder.Encode(g)));
            }
    }

    [Fact]
    public void TranslatedCanvasesRoundTripAtTheirOffsetOnly()
    {
        var rng = new Random(2);
        for (int i = 0; i < 500; i++)
        {
            var g = RandomGrid(rng, rng.Next(1, 31), rng.Next(1, 31));
            var offset = Translation.Random(rng, g.Rows, g.Cols);
            var tokens = ArcCanvasEncoder.Encode(g, offset);
            Assert.Equal(g, ArcCanvasEncoder.Decode(tokens, offset));
            Assert.Equal(g, ArcCanvasEncoder.Decode(tokens.Select(t => (long)t).ToArray(), offset));
            // Evaluation crops from the top-left: a shifted canvas has PAD there, so nothing is found.
            if (offset != Translation.None) Assert.Null(ArcCanvasEncoder.Decode(tokens));
        }
    }

    [Fact]
    public void AugmentedEncodingEqualsEncodingTheAugmentedGrid()
    {
        var rng = new Random(3);
        for (int i = 0; i < 400; i++)
        {
            var g = RandomGrid(rng, rng.Next(1, 31), rng.Next(1, 31));
            var aug = new TaskAugmentation(new Dihedral(i % 8), ColourPermutation.Random(rng));
            var transformed = aug.Apply(g);
            var offset = Translation.Random(rng, transformed.Rows, transformed.Cols);
            bool label = i % 2 == 0;

            var fast = new int[900];
            ArcCanvasEncoder.Encode(g, aug, offset, fast, label);

            Assert.Equal(ArcCanvasEncoder.Encode(transformed, offset, label), fast);
            Assert.Equal(g, aug.Invert(ArcCanvasEncoder.Decode(fast.Select(t => t < 0 ? 0 : t).ToArray(), offset)!));
        }
    }

    [Fact]
    public void CropMatchesABruteForceLargestTopLeftRectangle()
    {
        // Garbage canvases: colour tokens with random PAD/EOS/out-of-vocabulary holes. The crop must be the largest
        // rectangle anchored at the top-left whose cells are all colours (ties: fewer rows), or null when there is none.
        var rng = new Random(4);
        for (int i = 0; i < 300; i++)
        {
            double holes = rng.NextDouble() * 0.05;
            var tokens = new int[900];
            for (int k = 0; k < 900; k++)
                tokens[k] = rng.NextDouble() < holes ? rng.Next(3) switch { 0 => 0, 1 => 1, _ => rng.Next(12, 40) } : rng.Next(2, 12);
            if (i % 10 == 0) tokens[0] = rng.Next(2); // no grid at all

            var expected = BruteForceCrop(tokens);
            var actual = ArcCanvasEncoder.Decode(tokens);
            Assert.Equal(expected, actual);
        }
    }

    private static Grid? BruteForceCrop(int[] tokens)
    {
        static bool Valid(int t) => t is >= 2 and <= 11;
        int bestArea = 0, bestR = 0, bestC = 0;
        for (int r = 1; r <= S; r++)
            for (int c = 1; c <= S; c++)
            {
                bool ok = true;
                for (int y = 0; y < r && ok; y++)
                    for (int x = 0; x < c && ok; x++) ok = Valid(tokens[y * S + x]);
                if (ok && r * c > bestArea) (bestArea, bestR, bestC) = (r * c, r, c);
            }
        return bestArea == 0 ? null : Grid.Create(bestR, bestC, (y, x) => tokens[y * S + x] - 2);
    }

    [Fact]
    public void GarbageGivesNull()
    {
        Assert.Null(ArcCanvasEncoder.Decode(new int[900]));
        Assert.Null(ArcCanvasEncoder.Decode(Enumerable.Repeat(1, 900).ToArray()));
        Assert.Null(ArcCanvasEncoder.Decode(Enumerable.Repeat(12, 900).ToArray()));
        Assert.Null(ArcCanvasEncoder.Decode(Enumerable.Repeat(-100, 900).ToArray()));
        var oneCell = new int[900];
        oneCell[0] = 5;
        Assert.Equal(Grid.Parse("3"), ArcCanvasEncoder.Decode(oneCell));
    }

    [Fact]
    public void BadArgumentsAreRejected()
    {
        Assert.Throws<ArgumentException>(() => ArcCanvasEncoder.Decode(new int[899]));
        Assert.Throws<ArgumentException>(() => ArcCanvasEncoder.Encode(Grid.Filled(5, 5, 0), new Translation(26, 0)));
        Assert.Throws<ArgumentException>(() => ArcCanvasEncoder.Encode(Grid.Filled(5, 5, 0), new int[900], new Translation(-1, 0)));
        Assert.Throws<ArgumentException>(() => ArcCanvasEncoder.Decode(new int[900], new Translation(30, 0)));
    }

    [Fact]
    public void RandomOffsetsKeepBothGridsOfThePairOnTheCanvasAndCoverTheRange()
    {
        var rng = new Random(5);
        var pair = new Pair(Grid.Filled(4, 20, 1), Grid.Filled(12, 3, 2));
        foreach (var d in Dihedral.All)
        {
            var (r1, c1) = d.Shape(4, 20);
            var (r2, c2) = d.Shape(12, 3);
            int maxRow = 30 - Math.Max(r1, r2), maxCol = 30 - Math.Max(c1, c2);
            var offsets = Enumerable.Range(0, 2000).Select(_ => ArcCanvasEncoder.RandomOffset(rng, pair, d)).ToArray();
            Assert.All(offsets, o => Assert.True(o.Row >= 0 && o.Row <= maxRow && o.Col >= 0 && o.Col <= maxCol));
            Assert.Equal(maxRow, offsets.Max(o => o.Row));
            Assert.Equal(maxCol, offsets.Max(o => o.Col));
            Assert.Equal(0, offsets.Min(o => o.Row));
        }
    }

    [Fact]
    public void UnknownOutputGivesIgnoredLabels()
    {
        var inputs = new int[900];
        var labels = new int[900];
        ArcCanvasEncoder.EncodePair(new Pair(Grid.Parse("12"), null), TaskAugmentation.Identity, Translation.None, inputs, labels);
        Assert.All(labels, t => Assert.Equal(-100, t));
        Assert.Equal(3, inputs[0]);
    }
}
