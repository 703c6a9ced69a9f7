using HrmSharp.Tests.Modeling.Oracle;
using static TorchSharp.torch;

namespace HrmSharp.Tests.Modeling;

public class RotaryTests
{
    /// <summary>x·cos + rotate_half(x)·sin with rotate_half(x) = cat(−x[D/2:], x[:D/2]), as the model's attention applies it.</summary>
    private static float[] Rotate(float[] x, Tensor cos, Tensor sin, int token)
    {
        using var scope = NewDisposeScope();
        int d = x.Length;
        var v = tensor(x);
        var half = cat([-v[(d / 2)..], v[..(d / 2)]], 0);
        return (v * cos[token] + half * sin[token]).data<float>().ToArray();
    }

    private static double Dot(float[] a, float[] b) => a.Zip(b, (x, y) => (double)x * y).Sum();

    private static float[] RandomVector(Random rng, int d) => Enumerable.Range(0, d).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();

    [Fact]
    public void Bf16InputIsRotatedAsItsFp32CopyWouldBeThenRounded()
    {
        // The reference's order for bf16 q and k: cast to the tables' fp32, rotate, cast back.
        using var scope = NewDisposeScope();
        manual_seed(5);
        var x = (randn(2, 7, 6, 16) * 3).to(ScalarType.BFloat16);
        var (cos, sin) = HrmSharp.Modeling.Layers.RotaryEmbedding.Tables1D(arange(7).unsqueeze(0).expand(2, 7), 16, 10000);
        var x32 = x.to(ScalarType.Float32);
        var rotateHalf = cat([-x32[.., .., .., 8..], x32[.., .., .., ..8]], -1);
        var expected = (x32 * cos.unsqueeze(-2) + rotateHalf * sin.unsqueeze(-2)).to(ScalarType.BFloat16);
        var got = HrmSharp.Modeling.Layers.RotaryEmbedding.Rotate(x, cos, sin);
        Assert.Equal(ScalarType.BFloat16, got.dtype);
        // One fused multiply-add instead of a product and a sum: at most a last-bit difference in fp32, which the bf16
        // rounding hides except on ties; allow one bf16 step on a handful of values.
        var diff = (got.to(ScalarType.Float32) - expected.to(ScalarType.Float32)).abs();
        var step = expected.to(ScalarType.Float32).abs() * (1.0 / 128) + 1e-30;
        Assert.True((diff <= step).all().item<bool>());
        Assert.True((diff > 0).sum().item<long>() <= 4, $"{(diff > 0).sum().item<long>()} values differ");
    }

    [Fact]
    public void Rope1DMatchesThePairwiseRotationFormula()
    {
        const int d = 16;
        const double theta = 10000;
        var rng = new Random(21);
        int[] positions = [0, 1, 7, 29, 900, 12345];
        var (cos, sin) = Rope1D.Tables(positions, d, theta);
        Assert.Equal([positions.Length, d], cos.shape);
        for (int n = 0; n < positions.Length; n++)
        {
            var x = RandomVector(rng, d);
            var got = Rotate(x, cos, sin, n);
            // Pair i = (x_i, x_{i+D/2}) turned by angle p·θ^(−2i/D).
            for (int i = 0; i < d / 2; i++)
            {
                double a = positions[n] / Math.Pow(theta, 2.0 * i / d);
                Assert.Equal(x[i] * Math.Cos(a) - x[i + d / 2] * Math.Sin(a), got[i], 4);
                Assert.Equal(x[i + d / 2] * Math.Cos(a) + x[i] * Math.Sin(a), got[i + d / 2], 4);
            }
        }
    }

    [Fact]
    public void Rope2DScoresDependOnlyOnTheRowAndColumnOffset()
    {
        const int d = 32;
        var rng = new Random(22);
        double largestChange = 0;
        for (int trial = 0; trial < 20; trial++)
        {
            var q = RandomVector(rng, d);
            var k = RandomVector(rng, d);
            // Cells in 0..14 shifted by 0..15 stay on a 30x30 grid.
            int r1 = rng.Next(15), c1 = rng.Next(15), r2 = rng.Next(15), c2 = rng.Next(15);
            int shiftR = rng.Next(16), shiftC = rng.Next(16);
            int[] rows = [r1, r2, r1 + shiftR, r2 + shiftR, r1 + 1, r2], cols = [c1, c2, c1 + shiftC, c2 + shiftC, c1, c2];
            var (cos, sin) = Rope2D.Tables(rows, cols, d);
            double score = Dot(Rotate(q, cos, sin, 0), Rotate(k, cos, sin, 1));
            double shifted = Dot(Rotate(q, cos, sin, 2), Rotate(k, cos, sin, 3));
            double otherOffset = Dot(Rotate(q, cos, sin, 4), Rotate(k, cos, sin, 5));
            Assert.Equal(score, shifted, 3);
            largestChange = Math.Max(largestChange, Math.Abs(score - otherOffset));
        }
        // And the score does depend on the offset: one row further moves it (else the test above could not fail).
        Assert.True(largestChange > 0.1, $"moving q one row changed scores by at most {largestChange}");
    }

    [Fact]
    public void Rope2DTreatsRowsAndColumnsAlike()
    {
        // Swapping the row block and the column block of q and k swaps the roles of Δrow and Δcol.
        const int d = 16, quarter = d / 4;
        var rng = new Random(23);
        var q = RandomVector(rng, d);
        var k = RandomVector(rng, d);
        float[] Swap(float[] x) => Enumerable.Range(0, d).Select(i => x[(i / quarter) % 2 == 0 ? i + quarter : i - quarter]).ToArray();
        var (cos, sin) = Rope2D.Tables([0, 3, 0, 0], [0, 0, 0, 3], d);
        double down = Dot(Rotate(q, cos, sin, 0), Rotate(k, cos, sin, 1));
        double right = Dot(Rotate(Swap(q), cos, sin, 2), Rotate(Swap(k), cos, sin, 3));
        Assert.Equal(down, right, 4);
    }

    [Fact]
    public void Rope2DAtColumnZeroIsRope1DOnTheRowHalf()
    {
        // With col = 0 the column pairs do not turn, and the row pairs use a D/2-dim rotary spectrum.
        const int d = 16;
        var (cos2, sin2) = Rope2D.Tables([0, 5, 17], [0, 0, 0], d);
        var (cos1, _) = Rope1D.Tables([0, 5, 17], d / 2);
        for (int n = 0; n < 3; n++)
            for (int i = 0; i < d / 4; i++)
            {
                Assert.Equal(cos1[n, i].item<float>(), cos2[n, i].item<float>());
                Assert.Equal(cos1[n, i].item<float>(), cos2[n, i + d / 2].item<float>());
                Assert.Equal(1f, cos2[n, i + d / 4].item<float>());
                Assert.Equal(0f, sin2[n, i + d / 4].item<float>());
            }
    }

    [Fact]
    public void HeadDimsThatCannotBeSplitAreRejected()
    {
        Assert.Throws<ArgumentException>(() => Rope2D.Tables([0], [0], 18));
        Assert.Throws<ArgumentException>(() => Rope1D.Tables([0], 7));
        Assert.Throws<ArgumentException>(() => Rope2D.Tables([0, 1], [0], 16));
    }
}
