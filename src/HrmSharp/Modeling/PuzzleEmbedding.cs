using static TorchSharp.torch;

namespace HrmSharp.Modeling;

/// <summary>
/// One learned vector per puzzle identifier (reference CastedSparseEmbedding), zero-initialised and trained sparsely:
/// in a training forward with gradients on, the batch's rows are copied into a fresh leaf <see cref="LocalWeights"/>
/// [B, D] that receives the gradient, and <see cref="LocalIds"/> [B] records which rows they were. A sparse sign-SGD step
/// then updates only those rows of <see cref="Weights"/> [N, D] (a buffer, not a parameter: the dense optimiser never sees it).
/// </summary>
public sealed class PuzzleEmbedding : nn.Module<Tensor, Tensor>
{
    private readonly Tensor weights; // [N, D] persistent buffer, reference name
    private readonly ScalarType _castTo;
    private Tensor? _localWeights;
    private Tensor? _localIds;

    public PuzzleEmbedding(int numEmbeddings, int embeddingDim, ScalarType castTo) : base(nameof(PuzzleEmbedding))
    {
        weights = zeros(numEmbeddings, embeddingDim, ScalarType.Float32);
        _castTo = castTo;
        RegisterComponents();
    }

    /// <summary>The full table [N, D], fp32; updated in place by the sparse optimiser.</summary>
    public Tensor Weights => weights;

    /// <summary>The batch's rows [B, D] from the last training forward: the leaf whose .grad the sparse step reads.</summary>
    public Tensor? LocalWeights => _localWeights;

    /// <summary>The batch's puzzle ids [B] (int64) matching <see cref="LocalWeights"/>.</summary>
    public Tensor? LocalIds => _localIds;

    /// <summary>ids [B] -> [B, D] in the compute dtype.</summary>
    public override Tensor forward(Tensor ids)
    {
        using var scope = NewDisposeScope();
        var index = ids.to(ScalarType.Int64);
        // Evaluation, or the no-grad target-Q pass of a training step (same rows, same values): read the table directly.
        if (!training || !is_grad_enabled())
            return weights.index_select(0, index).to(_castTo).MoveToOuterDisposeScope();

        _localWeights?.Dispose();
        _localIds?.Dispose();
        _localWeights = weights.index_select(0, index).requires_grad_(true).DetachFromDisposeScope(); // [B, D] leaf
        _localIds = index.clone().DetachFromDisposeScope();
        return _localWeights.to(_castTo).MoveToOuterDisposeScope();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _localWeights?.Dispose();
            _localIds?.Dispose();
        }
        base.Dispose(disposing);
    }
}
