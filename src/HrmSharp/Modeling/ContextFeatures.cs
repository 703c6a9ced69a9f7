using static TorchSharp.torch;

namespace HrmSharp.Modeling;

/// <summary>
/// Per-token position information of in-context batches (conditioning = context), all int64 [B, S]: which grid a token
/// is in and its role there (demo input/output, query input, answer canvas), its (row, column), the distances to its
/// grid's bottom/right edges, its grid's height−1/width−1, its paired input grid's height−1/width−1 (its own for inputs;
/// the demo input's for a demo output, the query input's for the canvas), its index within its own sequence, and its
/// paired input's colours under the 8 symmetries and 6 size-dependent maps (int64 [B, S, 14], 1 + colour, 0 = none; the
/// encoder's ContextBatch.PairedColours)
/// and, slot for slot, whether a demo-output cell's own colour agrees with them (int64 [B, S, 14]: 0 not a demo output,
/// 1 agrees, 2 differs; ContextBatch.PairedAgreement), and the object features of each cell or of its paired input cell
/// (int64 [B, S, 4]; ContextBatch.ObjectIds), and on canvas cells the implied answer size's hint (int64 [B, S];
/// ContextBatch.SizeHint) and each map's colour with its agreement with the demos (int64 [B, S, 14];
/// ContextBatch.CandidateIds). Mask [B, S, S]
/// (true = may attend) keeps attention within each sequence and off padding; null when every row is one unpadded sequence.
/// </summary>
public sealed record ContextFeatures(
    Tensor GridIndex, Tensor Role, Tensor Row, Tensor Col, Tensor ToBottom, Tensor ToRight,
    Tensor GridHeight, Tensor GridWidth, Tensor PairHeight, Tensor PairWidth, Tensor Position, Tensor Paired, Tensor Agreement, Tensor Objects, Tensor SizeHint,
    Tensor Candidates, Tensor? Mask) : IDisposable
{
    public IEnumerable<Tensor> Tensors()
    {
        foreach (var t in new[]
                 {
                     GridIndex, Role, Row, Col, ToBottom, ToRight, GridHeight, GridWidth, PairHeight, PairWidth, Position, Paired, Agreement, Objects,
                     SizeHint, Candidates,
                 })
            yield return t;
        if (Mask is not null) yield return Mask;
    }

    /// <summary>Rows where <paramref name="replace"/> [B] is true come from <paramref name="fresh"/>.</summary>
    public ContextFeatures ReplaceRows(Tensor replace, ContextFeatures fresh)
    {
        if (!GridIndex.shape.SequenceEqual(fresh.GridIndex.shape))
            throw new ArgumentException("in-context batches of different shapes cannot share a carry; start a new carry per batch");
        Tensor Pick(Tensor f, Tensor o) => where(replace.view([-1, .. Enumerable.Repeat(1L, (int)o.dim() - 1)]), f, o);
        return new(Pick(fresh.GridIndex, GridIndex), Pick(fresh.Role, Role), Pick(fresh.Row, Row), Pick(fresh.Col, Col),
            Pick(fresh.ToBottom, ToBottom), Pick(fresh.ToRight, ToRight), Pick(fresh.GridHeight, GridHeight),
            Pick(fresh.GridWidth, GridWidth), Pick(fresh.PairHeight, PairHeight), Pick(fresh.PairWidth, PairWidth), Pick(fresh.Position, Position),
            Pick(fresh.Paired, Paired), Pick(fresh.Agreement, Agreement), Pick(fresh.Objects, Objects), Pick(fresh.SizeHint, SizeHint), Pick(fresh.Candidates, Candidates),
            Mask is null || fresh.Mask is null ? fresh.Mask?.clone() : Pick(fresh.Mask, Mask));
    }

    /// <summary>Rows [start, start + length) as views (no copy).</summary>
    public ContextFeatures Rows(long start, long length)
    {
        Tensor R(Tensor t) => t.narrow(0, start, length);
        return new(R(GridIndex), R(Role), R(Row), R(Col), R(ToBottom), R(ToRight), R(GridHeight), R(GridWidth), R(PairHeight), R(PairWidth),
            R(Position), R(Paired), R(Agreement), R(Objects), R(SizeHint), R(Candidates),
            Mask is null ? null : R(Mask));
    }

    /// <summary>Row slices put back together in order (the inverse of <see cref="Rows"/>).</summary>
    public static ContextFeatures Cat(IReadOnlyList<ContextFeatures> parts)
    {
        Tensor C(Func<ContextFeatures, Tensor> pick) => cat(parts.Select(pick).ToArray(), 0);
        return new(C(f => f.GridIndex), C(f => f.Role), C(f => f.Row), C(f => f.Col), C(f => f.ToBottom), C(f => f.ToRight),
            C(f => f.GridHeight), C(f => f.GridWidth), C(f => f.PairHeight), C(f => f.PairWidth), C(f => f.Position), C(f => f.Paired),
            C(f => f.Agreement), C(f => f.Objects), C(f => f.SizeHint), C(f => f.Candidates), parts[0].Mask is null ? null : C(f => f.Mask!));
    }

    public ContextFeatures ZerosLike() =>
        new(zeros_like(GridIndex), zeros_like(Role), zeros_like(Row), zeros_like(Col), zeros_like(ToBottom),
            zeros_like(ToRight), zeros_like(GridHeight), zeros_like(GridWidth), zeros_like(PairHeight), zeros_like(PairWidth), zeros_like(Position),
            zeros_like(Paired), zeros_like(Agreement), zeros_like(Objects), zeros_like(SizeHint), zeros_like(Candidates), Mask?.clone());

    public void Dispose()
    {
        foreach (var t in Tensors()) t.Dispose();
    }
}
