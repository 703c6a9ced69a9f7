namespace HrmSharp.Encoding.Context;

/// <summary>
/// One batch before encoding: <see cref="Rows"/>[b] lists the sequences (indices into the planned list) packed into row
/// b, in order; every row is padded to <see cref="Length"/> tokens.
/// </summary>
public sealed record BatchPlan(int[][] Rows, int Length)
{
    /// <summary>Tokens processed, padding included: B·L.</summary>
    public long Tokens => (long)Rows.Length * Length;

    /// <summary>Attention scores computed by a dense (masked) attention: B·L².</summary>
    public long AttentionScores => (long)Rows.Length * Length * Length;
}
