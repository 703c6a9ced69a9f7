using static TorchSharp.torch;

namespace HrmSharp.Training.Optimizers;

/// <summary>
/// Sign-SGD with decoupled weight decay for the puzzle-embedding table, touching only the rows in the batch
/// (the reference's CastedSparseEmbeddingSignSGD on one process). The table is a buffer, not a parameter:
/// the model copies the batch's rows into a local tensor that receives the gradient, and this applies it back.
/// For each distinct id with summed gradient g over its occurrences in the batch:
/// <code>  w[id] ← w[id]·(1 − lr·wd) − lr·sign(g)  </code>
/// A row in the batch whose gradient sums to zero is only decayed; rows not in the batch are untouched.
/// Stateless apart from the rates, so a checkpoint needs only the table itself.
/// </summary>
public sealed class SparseSignSgd
{
    public SparseSignSgd(double learningRate, double weightDecay)
    {
        LearningRate = learningRate;
        WeightDecay = weightDecay;
    }

    /// <summary>Set each step from the schedule (base rate: the puzzle-embedding lr, 1e-2 for HRM on ARC).</summary>
    public double LearningRate
    {
        get;
        set => field = value >= 0 ? value : throw new ArgumentException($"Invalid learning rate: {value}");
    }

    public double WeightDecay
    {
        get;
        set => field = value >= 0 ? value : throw new ArgumentException($"Invalid weight decay: {value}");
    }

    /// <summary>Updates <paramref name="weights"/> [N, D] in place from the gradient of the batch's rows.</summary>
    /// <param name="weights">The whole table [N, D].</param>
    /// <param name="localGrad">Gradient of the gathered rows [B, D].</param>
    /// <param name="ids">Row of each gathered entry [B], any integer type; duplicates allowed.</param>
    public void Step(Tensor weights, Tensor localGrad, Tensor ids)
    {
        if (weights.dim() != 2)
            throw new ArgumentException($"weights must be [N, D], got [{string.Join(", ", weights.shape)}]");
        if (localGrad.dim() != 2 || localGrad.shape[1] != weights.shape[1])
            throw new ArgumentException($"localGrad must be [B, {weights.shape[1]}], got [{string.Join(", ", localGrad.shape)}]");
        if (ids.dim() != 1 || ids.shape[0] != localGrad.shape[0])
            throw new ArgumentException($"ids must be [{localGrad.shape[0]}], got [{string.Join(", ", ids.shape)}]");
        if (!is_integral(ids.dtype))
            throw new ArgumentException($"ids must be integers, got {ids.dtype}");

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var (rows, inverse, _) = ids.to(ScalarType.Int64, weights.device).unique(sorted: true, return_inverse: true);   // [U], [B]
        var grad = zeros(rows.shape[0], localGrad.shape[1], dtype: localGrad.dtype, device: localGrad.device)
            .index_add_(0, inverse!, localGrad, 1);                                                       // [U, D]
        var updated = weights.index_select(0, rows)                                                       // [U, D]
            .mul_(1 - LearningRate * WeightDecay)
            .add_(grad.sign().to(weights.dtype), alpha: -LearningRate);
        weights.index_copy_(0, rows, updated);
    }
}
