namespace HrmSharp.Data;

/// <summary>
/// Token counts of one in-context sequence: every demo input and output, one test input and its output.
/// <paramref name="Real"/> counts cells; <paramref name="Padded"/> pads every grid to a full canvas (30×30);
/// <paramref name="Canvas"/> puts the predicted canvas max(test input, demo outputs) in place of the answer, or a
/// full canvas when the answer does not fit in it (<paramref name="CanvasFits"/> false).
/// </summary>
public sealed record SequenceLength(string TaskId, int TestIndex, int Real, int Padded, int Canvas, bool CanvasFits);
