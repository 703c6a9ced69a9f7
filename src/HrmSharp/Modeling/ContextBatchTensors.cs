using HrmSharp.Encoding.Context;
using static TorchSharp.torch;

namespace HrmSharp.Modeling;

/// <summary>Turns an in-context <see cref="ContextBatch"/> (flat int arrays) into the model's <see cref="ActBatch"/> tensors.</summary>
public static class ContextBatchTensors
{
    public static ActBatch ToActBatch(ContextBatch batch, Device? device = null)
    {
        device ??= CPU;
        Tensor T(int[] ids) => batch.ToTensor(ids, device);
        using var paired = tensor(batch.PairedColours, [batch.Rows, batch.Length, ContextBatch.PairedFrames]); // int32 [B, L, 16]
        using var agreement = tensor(batch.PairedAgreement, [batch.Rows, batch.Length, ContextBatch.PairedFrames]); // int32 [B, L, 16]
        using var candidates = tensor(batch.CandidateIds, [batch.Rows, batch.Length, ContextBatch.PairedFrames]); // int32 [B, L, 16]
        using var objects = tensor(batch.ObjectIds, [batch.Rows, batch.Length, ObjectFeatures.Count]); // int32 [B, L, 4]
        var features = new ContextFeatures(
            T(batch.GridIndex), T(batch.Role), T(batch.Row), T(batch.Col), T(batch.ToBottom), T(batch.ToRight),
            T(batch.GridHeight), T(batch.GridWidth), T(batch.PairHeight), T(batch.PairWidth), T(batch.SequencePosition),
            paired.to(ScalarType.Int64, device), agreement.to(ScalarType.Int64, device), objects.to(ScalarType.Int64, device), T(batch.SizeHint),
            candidates.to(ScalarType.Int64, device),
            batch.NeedsMask ? batch.Mask(device) : null);
        return new ActBatch(T(batch.Tokens), T(batch.Labels), zeros(batch.Rows, ScalarType.Int64, device), features);
    }
}
