using static TorchSharp.torch;

namespace HrmSharp.Modeling;

/// <summary>
/// One learned vector per puzzle identifier (reference CastedSparseEmbedding), zero-initialised and trained sparsely:
/// in a training forward with gradients on, the batch's rows are copied into a fresh leaf <see cref="LocalWeights"/>
/// [B, D] that receives the gradient, and <see cref="LocalIds"/> [B] records which rows they were. A sparse sign-SGD step
/// then updates only those rows of <see cref="Weights"/> [N, D] (a buffer, not a parameter: the dense optimiser never sees it).
/// The local rows are per thread, so row slices of one batch can run forward and backward on threads of their own.
/// </summary>
public sealed class PuzzleEmbedding : nn.Module<Tensor, Tensor>
{
    private readonly Tensor weights; // [N, D] persistent buffer, reference name
    private readonly ScalarType _castTo;
    private readonly ThreadLocal<(Tensor Weights, Tensor Ids)?> _local = new(trackAllValues: true);
    private bool _disposed;

    public PuzzleEmbedding(int numEmbeddings, int embeddingDim, ScalarType castTo) : base(nameof(PuzzleEmbedding))
    {
        weights = zeros(numEmbeddings, embeddingDim, ScalarType.Float32);
        _castTo = castTo;
        RegisterComponents();
    }

    /// <summary>The full table [N, D], fp32; updated in place by the sparse optimiser.</summary>
    public Tensor Weights => weights;

    /// <summary>The batch's rows [B, D] from this thread's last training forward: the leaf whose .grad the sparse step reads.</summary>
    public Tensor? LocalWeights => _local.Value?.Weights;

    /// <summary>The batch's puzzle ids [B] (int64) matching <see cref="LocalWeights"/>.</summary>
    public Tensor? LocalIds => _local.Value?.Ids;

    /// <summary>ids [B] -> [B, D] in the compute dtype.</summary>
    public override Tensor forward(Tensor ids)
    {
        using var scope = NewDisposeScope();
        var index = ids.to(ScalarType.Int64);
        // Evaluation, or the no-grad target-Q pass of a training step (same rows, same values): read the table directly.
        if (!training || !is_grad_enabled())
            return weights.index_select(0, index).to(_castTo).MoveToOuterDisposeScope();

        DisposeLocal(_local.Value);
        var local = weights.index_select(0, index).requires_grad_(true).DetachFromDisposeScope(); // [B, D] leaf
        _local.Value = (local, index.clone().DetachFromDisposeScope());
        return local.to(_castTo).MoveToOuterDisposeScope();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            foreach (var local in _local.Values)
                DisposeLocal(local);
            _local.Dispose();
        }
        base.Dispose(disposing);
    }

    private static void DisposeLocal((Tensor Weights, Tensor Ids)? local)
    {
        local?.Weights.Dispose();
        local?.Ids.Dispose();
    }
}
