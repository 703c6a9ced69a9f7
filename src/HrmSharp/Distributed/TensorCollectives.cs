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

    /// <summary>Every tensor flattened to float32 and concatenated by libtorch, then copied to the host once.</summary>
    private static float[] Pack(IReadOnlyList<Tensor> tensors)
    {
        using var scope = NewDisposeScope();
        return cat(tensors.Select(t => t.detach().to(ScalarType.Float32).flatten()).ToArray()).cpu().data<float>().ToArray();
    }

    private static void Copy(Tensor t, Span<float> into)
    {
        using var scope = NewDisposeScope();
        t.detach().to(ScalarType.Float32).cpu().contiguous().flatten().data<float>().ToArray().CopyTo(into);
    }

    /// <summary>One host-to-libtorch copy of the buffer, then each tensor takes its slice in its own dtype and device.</summary>
    private static void Unpack(float[] buffer, IReadOnlyList<Tensor> tensors)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var all = tensor(buffer);
        long at = 0;
        foreach (var t in tensors)
        {
            t.copy_(all.narrow(0, at, t.numel()).view(t.shape));
            at += t.numel();
        }
    }
}
