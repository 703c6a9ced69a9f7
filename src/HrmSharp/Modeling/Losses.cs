using static TorchSharp.torch;

namespace HrmSharp.Modeling;

/// <summary>Per-token cross-entropies as the reference computes them; ignored labels (-100) give 0.</summary>
public static class Losses
{
    /// <summary>
    /// Stablemax s(x) = x + 1 for x ≥ 0, 1/(1 − x) for x &lt; 0 (a softmax replacement that cannot overflow, from
    /// "Grokking at the edge of numerical stability"); log-probs log(s(x)/Σs). Computed in float64 as the reference does.
    /// </summary>
    public static Tensor LogStablemax(Tensor x, long dim = -1)
    {
        using var scope = NewDisposeScope();
        // where(x < 0, ...): -0.0 takes the x + 1 branch, like the reference; the 1e-30 guards 1 - x = 0 in the unused branch.
        var s = where(x < 0, 1.0 / (1.0 - x + 1e-30), x + 1.0);
        return (s / s.sum([dim], keepdim: true)).log().MoveToOuterDisposeScope();
    }

    /// <summary>logits [..., V] (any float dtype), labels [...] -> float64 loss [...].</summary>
    public static Tensor StablemaxCrossEntropy(Tensor logits, Tensor labels, long ignoreIndex = ActBatch.IgnoreLabel)
    {
        using var scope = NewDisposeScope();
        var logProbs = LogStablemax(logits.to(ScalarType.Float64));
        var valid = labels.ne(ignoreIndex);
        var safeLabels = where(valid, labels, zeros_like(labels)).to(ScalarType.Int64);
        var picked = logProbs.gather(-1, safeLabels.unsqueeze(-1)).squeeze(-1);
        return (-where(valid, picked, zeros_like(picked))).MoveToOuterDisposeScope();
    }

    /// <summary>logits [..., V] (any float dtype), labels [...] -> float32 loss [...].</summary>
    public static Tensor SoftmaxCrossEntropy(Tensor logits, Tensor labels, long ignoreIndex = ActBatch.IgnoreLabel)
    {
        using var scope = NewDisposeScope();
        var flat = logits.to(ScalarType.Float32).reshape(-1, logits.shape[^1]); // reshape: sliced logits are not contiguous
        var loss = nn.functional.cross_entropy(flat, labels.to(ScalarType.Int64).reshape(-1), ignore_index: ignoreIndex, reduction: nn.Reduction.None);
        return loss.view(labels.shape).MoveToOuterDisposeScope();
    }

    public static Tensor TokenCrossEntropy(LossType type, Tensor logits, Tensor labels) => type switch
    {
        LossType.StablemaxCrossEntropy => StablemaxCrossEntropy(logits, labels),
        LossType.SoftmaxCrossEntropy => SoftmaxCrossEntropy(logits, labels),
        _ => throw new HrmException($"unknown loss type {type}"),
    };
}
