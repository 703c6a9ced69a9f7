using static TorchSharp.torch;

namespace HrmSharp.Tests.Modeling.Oracle;

/// <summary>
/// Test oracle (the model computes its own tables in RotaryEmbedding; these are the independent reference, written from
/// the formula with fp64 angles). Standard rotary tables over 1D positions: frequency f_i = θ^(−2i/D) for i &lt; D/2, angle p·f_i, and cos/sin of
/// shape [N, D] with both halves equal, for <c>x·cos + rotate_half(x)·sin</c> where rotate_half pairs dim i with i + D/2.
/// Angles are computed in fp64 and stored fp32 (positions reach ~29k in the padded layout, where fp32 angles lose digits).
/// </summary>
public static class Rope1D
{
    public const double DefaultTheta = 10000;

    public static (Tensor Cos, Tensor Sin) Tables(ReadOnlySpan<int> positions, int headDim, double theta = DefaultTheta)
    {
        if (headDim <= 0 || headDim % 2 != 0) throw new ArgumentException($"rotary head dim must be positive and even, got {headDim}");
        return Build(headDim, [new Axis(positions.ToArray(), Frequencies(headDim / 2, theta))]);
    }

    /// <summary>f_j = θ^(−j/count) for j &lt; count: the spectrum of a rotary axis with <paramref name="count"/> pairs.</summary>
    internal static double[] Frequencies(int count, double theta)
    {
        var f = new double[count];
        for (int j = 0; j < count; j++) f[j] = Math.Pow(theta, -(double)j / count);
        return f;
    }

    /// <summary>One rotary axis: each token's position on it, and the frequencies of the consecutive pairs it turns.</summary>
    internal sealed record Axis(int[] Positions, double[] Frequencies);

    /// <summary>
    /// cos/sin [N, D]: the D/2 pairs are split among the axes in order, pair i of an axis at position p turning by
    /// p·f_i; each value is duplicated into both halves. Each axis's cos/sin are computed once per distinct position
    /// (grids have at most 30 rows), then copied per token.
    /// </summary>
    internal static (Tensor Cos, Tensor Sin) Build(int headDim, IReadOnlyList<Axis> axes)
    {
        int half = headDim / 2, count = axes[0].Positions.Length;
        if (axes.Sum(a => a.Frequencies.Length) != half) throw new ArgumentException("the axes' pairs must add up to half the head dim");
        var cos = new float[count * headDim];
        var sin = new float[count * headDim];
        int offset = 0;
        foreach (var axis in axes)
        {
            int pairs = axis.Frequencies.Length;
            int max = 0;
            foreach (int p in axis.Positions)
            {
                if (p < 0) throw new ArgumentException($"rotary position {p} is negative");
                max = Math.Max(max, p);
            }
            var tableCos = new float[(max + 1) * pairs];
            var tableSin = new float[(max + 1) * pairs];
            for (int p = 0; p <= max; p++)
                for (int j = 0; j < pairs; j++)
                {
                    double a = p * axis.Frequencies[j];
                    tableCos[p * pairs + j] = (float)Math.Cos(a);
                    tableSin[p * pairs + j] = (float)Math.Sin(a);
                }
            for (int n = 0; n < count; n++)
            {
                var c = tableCos.AsSpan(axis.Positions[n] * pairs, pairs);
                var s = tableSin.AsSpan(axis.Positions[n] * pairs, pairs);
                c.CopyTo(cos.AsSpan(n * headDim + offset));
                c.CopyTo(cos.AsSpan(n * headDim + half + offset));
                s.CopyTo(sin.AsSpan(n * headDim + offset));
                s.CopyTo(sin.AsSpan(n * headDim + half + offset));
            }
            offset += pairs;
        }
        return (tensor(cos, [count, headDim]), tensor(sin, [count, headDim]));
    }
}
