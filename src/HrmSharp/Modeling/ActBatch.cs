using static TorchSharp.torch;

namespace HrmSharp.Modeling;

/// <summary>
/// One batch of examples as the model sees it: token ids [B, S], labels [B, S] (-100 = ignored) and puzzle ids [B]
/// (integer tensors; int32 as the datasets store them is fine). In-context batches (conditioning = context) also carry
/// per-token <see cref="ContextFeatures"/>; their puzzle ids are unused.
/// </summary>
public sealed record ActBatch(Tensor Inputs, Tensor Labels, Tensor PuzzleIdentifiers, ContextFeatures? Context = null) : IDisposable
{
    public const long IgnoreLabel = -100;

    public long BatchSize => Inputs.shape[0];

    public IEnumerable<Tensor> Tensors() => [Inputs, Labels, PuzzleIdentifiers, .. Context?.Tensors() ?? []];

    /// <summary>Row-wise choice: rows where <paramref name="replace"/> [B] is true come from <paramref name="fresh"/>, the rest from this batch.</summary>
    public ActBatch ReplaceRows(Tensor replace, ActBatch fresh) =>
        new(Pick(replace, fresh.Inputs, Inputs), Pick(replace, fresh.Labels, Labels), Pick(replace, fresh.PuzzleIdentifiers, PuzzleIdentifiers),
            Context is null || fresh.Context is null ? null : Context.ReplaceRows(replace, fresh.Context));

    /// <summary>Rows [start, start + length) as views (no copy).</summary>
    public ActBatch Rows(long start, long length) =>
        new(Inputs.narrow(0, start, length), Labels.narrow(0, start, length), PuzzleIdentifiers.narrow(0, start, length),
            Context?.Rows(start, length));

    /// <summary>Row slices put back together in order (the inverse of <see cref="Rows"/>).</summary>
    public static ActBatch Cat(IReadOnlyList<ActBatch> parts) =>
        new(cat(parts.Select(p => p.Inputs).ToArray(), 0), cat(parts.Select(p => p.Labels).ToArray(), 0),
            cat(parts.Select(p => p.PuzzleIdentifiers).ToArray(), 0),
            parts[0].Context is null ? null : ContextFeatures.Cat(parts.Select(p => p.Context!).ToArray()));

    /// <summary>Same-shaped, same-typed zeros: the placeholder data of a fresh carry (every row is replaced at its first step).</summary>
    public ActBatch ZerosLike() => new(zeros_like(Inputs), zeros_like(Labels), zeros_like(PuzzleIdentifiers), Context?.ZerosLike());

    private static Tensor Pick(Tensor replace, Tensor fresh, Tensor old)
    {
        var shape = new long[old.dim()];
        Array.Fill(shape, 1L);
        shape[0] = -1;
        return where(replace.view(shape), fresh, old);
    }

    public void Dispose()
    {
        foreach (var t in Tensors())
            t.Dispose();
    }
}
