using static TorchSharp.torch;

namespace HrmSharp.Modeling.Layers;

/// <summary>
/// 1D rotary position tables over positions 0..maxPositions-1 (cos/sin [S, headDim], fp32, not saved in the state_dict).
/// Attention only ever sees cos/sin tensors (through <see cref="AttentionContext"/>), so a 2D or per-sequence variant can
/// supply its own tables ([S, D] shared or [B, S, D] per row) without touching attention.
/// </summary>
public sealed class RotaryEmbedding : nn.Module
{
    private readonly Tensor cos_cached; // [S, D]
    private readonly Tensor sin_cached; // [S, D]

    public RotaryEmbedding(int headDim, int maxPositions, double theta) : base(nameof(RotaryEmbedding))
    {
        if (headDim % 2 != 0)
            throw new ArgumentException($"rotary head dim must be even, got {headDim}");
        using (var scope = NewDisposeScope())
        {
            // inv_freq_i = 1 / theta^(2i/D), computed in fp32 like the reference so the tables agree to the last bit or two.
            var exponent = arange(0, headDim, 2, ScalarType.Float32) / headDim;       // [D/2]
            var invFreq = 1.0f / full_like(exponent, theta).pow(exponent);             // [D/2]
            var t = arange(maxPositions, ScalarType.Float32);                          // [S]
            var freqs = outer(t, invFreq);                                             // [S, D/2]
            // Both halves carry the same frequencies: rotate_half pairs dim i with dim i + D/2.
            var emb = cat([freqs, freqs], -1);                                         // [S, D]
            cos_cached = emb.cos().DetachFromDisposeScope();
            sin_cached = emb.sin().DetachFromDisposeScope();
        }
        register_buffer(nameof(cos_cached), cos_cached, persistent: false);
        register_buffer(nameof(sin_cached), sin_cached, persistent: false);
        RegisterComponents();
    }

    /// <summary>
    /// Per-token 1D tables from integer positions [...] (e.g. each token's index within its own in-context sequence):
    /// cos/sin fp32 [..., D] on the positions' device.
    /// </summary>
    public static (Tensor Cos, Tensor Sin) Tables1D(Tensor positions, int headDim, double theta)
    {
        using var scope = NewDisposeScope();
        var angles = Angles(positions, headDim / 2, theta);  // [..., D/2]
        var emb = cat([angles, angles], -1);               // [..., D]
        return scope.MoveToOuter(emb.cos(), emb.sin());
    }

    /// <summary>
    /// Per-token 2D tables: of the D/2 rotary pairs, the first D/4 turn by row and the last D/4 by column with the same
    /// spectrum, so q·k depends only on (Δrow, Δcol) and a step down scores like a step right. rows/cols [...] -> [..., D].
    /// </summary>
    public static (Tensor Cos, Tensor Sin) Tables2D(Tensor rows, Tensor cols, int headDim, double theta)
    {
        if (headDim % 4 != 0)
            throw new ArgumentException($"2D rotary head dim must be a multiple of 4, got {headDim}");
        using var scope = NewDisposeScope();
        var half = cat([Angles(rows, headDim / 4, theta), Angles(cols, headDim / 4, theta)], -1); // [..., D/2]
        var emb = cat([half, half], -1);                                                         // [..., D]
        return scope.MoveToOuter(emb.cos(), emb.sin());
    }

    /// <summary>
    /// Per-token, per-head 2D tables for <see cref="RopeFrames.Dihedral"/>: head h reads output-role tokens (isOutput
    /// true) through the (h mod 8)-th symmetry of their paired input grid, whose height−1/width−1 are pairH/pairW; other
    /// tokens keep (row, col). In head h an output cell thus sits where its source input cell sits when the output is
    /// that symmetry of the input, so attention aligns the two with zero rotary offset. [B, S] ids -> [B, S, H, D].
    /// <paramref name="shift"/> [B, S], if given, is added to both coordinates after the symmetry (rope_pair_offset).
    /// </summary>
    public static (Tensor Cos, Tensor Sin) TablesDihedral(Tensor rows, Tensor cols, Tensor pairH, Tensor pairW, Tensor isOutput,
                                                          int heads, int headDim, double theta, Tensor? shift = null)
    {
        using var scope = NewDisposeScope();
        var (r, c, h1, w1) = (rows, cols, pairH, pairW);
        // Output cell (r, c) -> the input cell it comes from under each symmetry, in the input's own coordinates.
        (Tensor R, Tensor C)[] frames =
        [
            (r, c),             // identity
            (r, w1 - c),        // mirror left-right
            (h1 - r, c),        // mirror top-bottom
            (h1 - r, w1 - c),   // rotate 180
            (c, r),             // transpose
            (h1 - c, w1 - r),   // anti-transpose
            (h1 - c, r),        // rotate 90 clockwise
            (c, w1 - r),        // rotate 90 counter-clockwise
        ];
        var headRows = new Tensor[heads];
        var headCols = new Tensor[heads];
        for (int h = 0; h < heads; h++)
        {
            var (fr, fc) = frames[h % frames.Length];
            headRows[h] = where(isOutput, fr, r);
            headCols[h] = where(isOutput, fc, c);
            if (shift is not null)
                (headRows[h], headCols[h]) = (headRows[h] + shift, headCols[h] + shift);
        }
        var (cos, sin) = Tables2D(stack(headRows, -1), stack(headCols, -1), headDim, theta); // [B, S, H, D]
        return scope.MoveToOuter(cos, sin);
    }

    /// <summary>positions [...] × inv_freq_i = θ^(−i/pairs) for i &lt; pairs -> [..., pairs], fp32.</summary>
    private static Tensor Angles(Tensor positions, int pairs, double theta)
    {
        var exponent = arange(0, pairs, ScalarType.Float32, device: positions.device) / pairs;
        var invFreq = 1.0f / full_like(exponent, theta).pow(exponent); // [pairs]
        return positions.to(ScalarType.Float32).unsqueeze(-1) * invFreq;
    }

    public Tensor Cos => cos_cached;
    public Tensor Sin => sin_cached;

    // TorchSharp 0.107's Module.Dispose skips non-persistent buffers.
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            cos_cached.Dispose();
            sin_cached.Dispose();
        }
        base.Dispose(disposing);
    }

    /// <summary>
    /// Rotates q and k ([B, S, H, D]) by cos/sin ([S, D] or [B, S, D]); computed in the tables' dtype (fp32) and cast back.
    /// </summary>
    public static (Tensor Q, Tensor K) Apply(Tensor q, Tensor k, Tensor cos, Tensor sin) => (Rotate(q, cos, sin), Rotate(k, cos, sin));

    /// <summary>
    /// x·cos + rotate_half(x)·sin for x [B, S, H, D] (any number of heads: attention passes q and k as one [B, S, 2H, D]
    /// slab), in the tables' dtype (fp32) and cast back to x's. Tables are [S, D] or [B, S, D] (shared by every head) or
    /// per head [B, S, H', D], x then holding whole multiples of H' heads (q's heads then k's, each set turned alike). rotate_half(x) = (−x2, x1) is computed as
    /// roll(x, D/2)·(−1, +1) with the sign folded into sin, and the sum as one fused multiply-add: 5 passes over x
    /// instead of ~6½ for slicing, negating, concatenating and a separate add (the result can differ from that in the last bit of the fp32 sum).
    /// </summary>
    public static Tensor Rotate(Tensor x, Tensor cos, Tensor sin)
    {
        using var scope = NewDisposeScope();
        long dim = x.shape[^1], half = dim / 2;
        var sign = cat([full(half, -1.0, sin.dtype, sin.device), ones(half, sin.dtype, sin.device)]); // [D]
        var xs = x.to(cos.dtype);
        int headAxis = -2; // [S, D] or [B, S, D] tables: [S, 1, D] / [B, S, 1, D], broadcast over every head
        if (cos.dim() == 4)
        {
            // Per-head tables [B, S, H', D]: x as [B, S, n, H', D], the tables broadcast over the n head sets.
            xs = xs.reshape(x.shape[0], x.shape[1], x.shape[2] / cos.shape[2], cos.shape[2], dim);
            headAxis = 2;
        }
        var turned = (xs * cos.unsqueeze(headAxis)).addcmul_(xs.roll(half, -1), (sin * sign).unsqueeze(headAxis), 1);
        return turned.view(x.shape).to(x.dtype).MoveToOuterDisposeScope();
    }
}
