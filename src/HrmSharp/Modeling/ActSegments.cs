namespace HrmSharp.Modeling;

/// <summary>
/// An evaluation forward through the ACT loop: every segment from a fresh carry, as the reference evaluates (no early
/// halting). Shared by every evaluation path so they cannot drift apart.
/// </summary>
public static class ActSegments
{
    /// <summary>
    /// Runs <paramref name="segments"/> segments of <paramref name="model"/> on <paramref name="batch"/> (call under
    /// no_grad and a dispose scope); each superseded carry and output is freed at once, so memory stays flat over 16
    /// segments. <paramref name="after"/> sees each segment's outputs (1-based) before they are freed. Returns the last.
    /// </summary>
    public static ActOutputs Run(ActModel model, ActBatch batch, int segments, Action<int, ActOutputs>? after = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(segments, 1);
        var carry = model.InitialCarry(batch);
        ActOutputs? outputs = null;
        for (int s = 1; s <= segments; s++)
        {
            var next = model.call(carry, batch);
            carry.Dispose();
            outputs?.Dispose();
            (carry, outputs) = next;
            after?.Invoke(s, outputs);
        }
        carry.Dispose();
        return outputs!;
    }
}
