using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HrmSharp.Modeling.Layers;

/// <summary>Embedding table kept in fp32 and cast to the compute dtype at use; truncated-normal init with a given std.</summary>
public sealed class CastedEmbedding : nn.Module<Tensor, Tensor>
{
    private readonly Parameter embedding_weight; // [num, dim], reference name
    private readonly ScalarType _castTo;

    public CastedEmbedding(int numEmbeddings, int embeddingDim, double initStd, ScalarType castTo, Generator? generator)
        : base(nameof(CastedEmbedding))
    {
        embedding_weight = new Parameter(TruncatedNormal.Create([numEmbeddings, embeddingDim], initStd, generator));
        _castTo = castTo;
        RegisterComponents();
    }

    /// <summary>The whole table in the compute dtype (learned positions add it to every sequence).</summary>
    public Tensor Table() => embedding_weight.to(_castTo);

    public Parameter Weight => embedding_weight;

    /// <summary>Looks up integer ids of any shape: [...] -> [..., dim].</summary>
    public override Tensor forward(Tensor ids)
    {
        using var scope = NewDisposeScope();
        var flat = ids.reshape(-1).to(ScalarType.Int64);
        var rows = embedding_weight.to(_castTo).index_select(0, flat); // [N, dim]
        var shape = ids.shape.Append(embedding_weight.shape[1]).ToArray();
        return rows.view(shape).MoveToOuterDisposeScope();
    }
}
