using HrmSharp.Augmentation;

namespace HrmSharp.Encoding.Context;

/// <summary>
/// One task as one token sequence: demo input, demo output, ..., query input, answer canvas. Per token (all arrays have
/// <see cref="Length"/> entries): its id, its label (<see cref="ContextVocabulary.IgnoreLabel"/> off the canvas), its grid's
/// index and role, its (row, column) in that grid, and that grid's height and width (the canvas's own size for canvas
/// tokens, never the answer's). In the padded layout, cells past a grid's edge are PAD tokens with their canvas
/// (row, column) and the grid's real size.
/// </summary>
public sealed record ContextSequence
{
    public required string TaskId { get; init; }
    public required QueryKind QueryKind { get; init; }
    /// <summary>Index of the query pair among the task's test pairs (or demos, for leave-one-out).</summary>
    public required int QueryIndex { get; init; }
    /// <summary>The augmentation applied to the whole task before encoding; invert predictions with it.</summary>
    public required TaskAugmentation Augmentation { get; init; }
    public required ContextLayout Layout { get; init; }
    /// <summary>Demo pairs in the context (the query pair excluded).</summary>
    public required int Demos { get; init; }
    public required AnswerCanvas Canvas { get; init; }

    public required int[] Tokens { get; init; }
    public required int[] Labels { get; init; }
    public required int[] GridIndex { get; init; }
    public required int[] Role { get; init; }
    public required int[] Row { get; init; }
    public required int[] Col { get; init; }
    public required int[] GridRows { get; init; }
    public required int[] GridCols { get; init; }

    /// <summary>
    /// Which symmetry each slot of the batch's paired colours shows: slot j holds symmetry FrameOrder[j] (null: slot j is
    /// symmetry j). Training may shuffle the slots per sequence so a rule cannot be tied to a slot and must be read from
    /// which slot the demos agree with (<see cref="ContextBatch.PairedAgreement"/>).
    /// </summary>
    public int[]? FrameOrder { get; init; }

    public int Length => Tokens.Length;

    public int Grids => 2 * Demos + 2;

    /// <summary>
    /// The colours of the grid whose first token is token <paramref name="first"/> (a grid's tokens are contiguous), by
    /// cell of its <paramref name="rows"/>×<paramref name="cols"/>, into <paramref name="into"/>; −1 where no colour.
    /// </summary>
    public void GridColours(int first, int rows, int cols, Span<int> into)
    {
        into[..(rows * cols)].Fill(-1);
        for (int j = first; j < Length && GridIndex[j] == GridIndex[first]; j++)
            if (Row[j] < rows && Col[j] < cols && ContextVocabulary.IsColour(Tokens[j]))
                into[Row[j] * cols + Col[j]] = ContextVocabulary.ColourOf(Tokens[j]);
    }
}
