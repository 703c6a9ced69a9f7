namespace HrmSharp.Encoding.Context;

/// <summary>Where one sequence sits in a batch: row <see cref="Row"/>, tokens [Start, Start + Length).</summary>
public sealed record ContextSegment(int Row, int Start, ContextSequence Sequence)
{
    public int Length => Sequence.Length;

    /// <summary>Column of the sequence's first canvas token in its row.</summary>
    public int CanvasStart => Start + Sequence.Canvas.Start;
}
