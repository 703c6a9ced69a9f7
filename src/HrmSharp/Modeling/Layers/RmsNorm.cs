using static TorchSharp.torch;

namespace HrmSharp.Modeling.Layers;

/// <summary>
/// RMSNorm computed in fp32 whatever the input dtype (bf16 loses too much in the mean of squares), without a learnable
/// weight (the reference's) or with a per-feature gain applied in fp32 before casting back (<see cref="LearnedRmsNorm"/>).
/// </summary>
public static class RmsNorm
{
    public static Tensor Apply(Tensor x, double eps, Tensor? gain = null)
    {
        using var scope = NewDisposeScope();
        var x32 = x.to(ScalarType.Float32);
        // mean(x²) as ‖x‖²/n: one pass over x instead of writing x² and reading it back.
        var norm = linalg.vector_norm(x32, 2, [-1L], keepdim: true); // [..., 1]
        var normed = x32 * rsqrt(norm.square() / x.shape[^1] + eps);
        if (gain is not null)
            normed = normed * gain;
        return normed.to(x.dtype).MoveToOuterDisposeScope();
    }
}
