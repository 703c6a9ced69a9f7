using static TorchSharp.torch;

namespace HrmSharp.Modeling.Layers;

/// <summary>RMSNorm without a learnable weight, computed in fp32 whatever the input dtype (bf16 loses too much in the mean of squares).</summary>
public static class RmsNorm
{
    public static Tensor Apply(Tensor x, double eps)
    {
        using var scope = NewDisposeScope();
        var x32 = x.to(ScalarType.Float32);
        // mean(x²) as ‖x‖²/n: one pass over x instead of writing x² and reading it back.
        var norm = linalg.vector_norm(x32, 2, [-1L], keepdim: true); // [..., 1]
        var normed = x32 * rsqrt(norm.square() / x.shape[^1] + eps);
        return normed.to(x.dtype).MoveToOuterDisposeScope();
    }
}
