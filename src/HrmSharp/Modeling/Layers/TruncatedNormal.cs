using static TorchSharp.torch;

namespace HrmSharp.Modeling.Layers;

/// <summary>
/// JAX/Flax-style truncated normal init, as the reference uses for every weight: samples N(0, σ') cut at ±2σ' where σ' is
/// chosen so the truncated distribution has exactly the requested std (PyTorch's trunc_normal_ does not correct it).
/// Inverse-CDF sampling: uniform in [erf(lower/√2), erf(upper/√2)], erfinv, scale by √2·σ', clip.
/// </summary>
public static class TruncatedNormal
{
    public const double Lower = -2.0;
    public const double Upper = 2.0;

    /// <summary>The std σ' of the untruncated normal whose truncation to [lower, upper]·σ' has std <paramref name="std"/>.</summary>
    public static double CompensatedStd(double std, double lower = Lower, double upper = Upper)
    {
        double a = Erf(lower / Math.Sqrt(2)), b = Erf(upper / Math.Sqrt(2));
        double z = (b - a) / 2;
        double c = 1.0 / Math.Sqrt(2 * Math.PI);
        double pdfLower = c * Math.Exp(-0.5 * lower * lower);
        double pdfUpper = c * Math.Exp(-0.5 * upper * upper);
        // Variance of a standard normal truncated to [lower, upper]: 1 - (u·φ(u) - l·φ(l))/Z - ((φ(u) - φ(l))/Z)², Z = Φ(u) - Φ(l).
        double variance = 1 - (upper * pdfUpper - lower * pdfLower) / z - Math.Pow((pdfUpper - pdfLower) / z, 2);
        return std / Math.Sqrt(variance);
    }

    /// <summary>Fills <paramref name="tensor"/> in place (std 0 zero-fills) and returns it.</summary>
    public static Tensor Fill_(Tensor tensor, double std, Generator? generator, double lower = Lower, double upper = Upper)
    {
        using var _ = no_grad();
        if (std == 0)
            return tensor.fill_(0); // zero_() would return a second handle to the same tensor
        double compStd = CompensatedStd(std, lower, upper);
        tensor.uniform_(Erf(lower / Math.Sqrt(2)), Erf(upper / Math.Sqrt(2)), generator);
        tensor.erfinv_();
        tensor.mul_(Math.Sqrt(2) * compStd);
        tensor.clamp_(lower * compStd, upper * compStd);
        return tensor;
    }

    /// <summary>A new fp32 tensor of the given shape, truncated-normal initialised.</summary>
    public static Tensor Create(long[] shape, double std, Generator? generator) =>
        Fill_(empty(shape, ScalarType.Float32), std, generator);

    // .NET has no erf; libtorch's (std::erf) on a float64 scalar is accurate to the last bit or two.
    private static double Erf(double x)
    {
        using var t = tensor(x, ScalarType.Float64);
        using var e = t.erf();
        return e.item<double>();
    }
}
