using static TorchSharp.torch;

namespace HrmSharp.Distributed;

/// <summary>
/// The collectives of data-parallel training on tensors: each packs its tensors into one flat float32 buffer (one MPI
/// call per step, not one per parameter; MPI has no bf16, and bf16 values are exact in float32), runs the collective,
/// and writes the result back in each tensor's own dtype. A world of one returns at once, so single-process training
/// computes exactly what it did before.
/// </summary>
public static class TensorCollectives
{
    /// <summary>Overwrites every tensor with rank 0's (the initial weights, so every rank starts from the same point).</summary>
    public static void BroadcastFromRoot(IDistributed world, IReadOnlyList<Tensor> tensors)
    {
        if (world.Size == 1 || tensors.Count == 0) return;
        var buffer = Pack(tensors);
        world.Broadcast(buffer);
        Unpack(buffer, tensors);
    }

    /// <summary>Replaces every tensor by its sum over ranks (the gradients of each rank's share of the batch).</summary>
    public static void SumInPlace(IDistributed world, IReadOnlyList<Tensor> tensors)
    {
        if (world.Size == 1 || tensors.Count == 0) return;
        var buffer = Pack(tensors);
        world.SumInPlace(buffer);
        Unpack(buffer, tensors);
    }

    /// <summary>
    /// Rows [start, start + local rows) of a [total, ...] tensor from each rank, assembled on every rank in row order:
    /// each rank places its rows in a zero buffer of the whole and the buffers are summed (adding zeros is exact).
    /// </summary>
    public static Tensor AssembleRows(IDistributed world, Tensor local, long start, long total)
    {
        if (world.Size == 1) return local;
        long width = local.shape.Skip(1).Aggregate(1L, (a, b) => a * b);
        var buffer = new float[checked((int)(total * width))];
        Copy(local, buffer.AsSpan(checked((int)(start * width)), checked((int)(local.shape[0] * width))));
        world.SumInPlace(buffer);
        long[] shape = [total, .. local.shape.Skip(1)];
        return tensor(buffer, shape).to(local.dtype).to(local.device);
    }

    private static float[] Pack(IReadOnlyList<Tensor> tensors)
    {
        var buffer = new float[checked((int)tensors.Sum(t => t.numel()))];
        int at = 0;
        foreach (var t in tensors)
        {
            Copy(t, buffer.AsSpan(at, (int)t.numel()));
            at += (int)t.numel();
        }
        return buffer;
    }

    private static void Copy(Tensor t, Span<float> into)
    {
        using var flat = t.detach().to(ScalarType.Float32).cpu().contiguous().flatten();
        flat.data<float>().ToArray().CopyTo(into);
    }

    private static void Unpack(float[] buffer, IReadOnlyList<Tensor> tensors)
    {
        using var _ = no_grad();
        int at = 0;
        foreach (var t in tensors)
        {
            int n = (int)t.numel();
            using var part = tensor(buffer.AsSpan(at, n).ToArray(), t.shape);
            t.copy_(part);
            at += n;
        }
    }
}
