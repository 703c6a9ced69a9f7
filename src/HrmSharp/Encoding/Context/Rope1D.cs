using static TorchSharp.torch;

namespace HrmSharp.Encoding.Context;

/// <summary>
/// Standard rotary tables over 1D positions: frequency f_i = θ^(−2i/D) for i &lt; D/2, angle p·f_i, and cos/sin of
/// shape [N, D] with both halves equal, for <c>x·cos + rotate_half(x)·sin</c> where rotate_half pairs dim i with i + D/2.
/// Angles are computed in fp64 and stored fp32 (positions reach ~29k in the padded layout, where fp32 angles lose digits).
/// </summary>
public static class Rope1D
{
    public const double DefaultTheta = 10000;

    public static (Tensor Cos, Tensor Sin) Tables(ReadOnlySpan<int> positions, int headDim, double theta = DefaultTheta)
    {
        if (headDim <= 0 || headDim % 2 != 0) throw new ArgumentException($"rotary head dim must be positive and even, got {headDim}");
        var frequencies = Frequencies(headDim / 2, theta);
        int[] p = positions.ToArray(); // spans cannot be captured by the angle callback
        return Build(p.Length, headDim, (n, i) => p[n] * frequencies[i]);
    }

    /// <summary>f_j = θ^(−j/count) for j &lt; count: the spectrum of a rotary axis with <paramref name="count"/> pairs.</summary>
    internal static double[] Frequencies(int count, double theta)
    {
        var f = new double[count];
        for (int j = 0; j < count; j++) f[j] = Math.Pow(theta, -(double)j / count);
        return f;
    }

    /// <summary>cos/sin [N, D] from the angle of each (token n, pair i &lt; D/2), duplicated into both halves.</summary>
    internal static (Tensor Cos, Tensor Sin) Build(int count, int headDim, AngleOf angle)
    {
        int half = headDim / 2;
        var cos = new float[count * headDim];
        var sin = new float[count * headDim];
        for (int n = 0; n < count; n++)
            for (int i = 0; i < half; i++)
            {
                double a = angle(n, i);
                float c = (float)Math.Cos(a), s = (float)Math.Sin(a);
                int at = n * headDim + i;
                cos[at] = cos[at + half] = c;
                sin[at] = sin[at + half] = s;
            }
        return (tensor(cos, [count, headDim]), tensor(sin, [count, headDim]));
    }

    internal delegate double AngleOf(int token, int pair);
}
