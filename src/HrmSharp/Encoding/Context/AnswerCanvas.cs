using HrmSharp.Data;

namespace HrmSharp.Encoding.Context;

/// <summary>
/// The cells on which a sequence's answer is predicted: <see cref="Rows"/>×<see cref="Cols"/> tokens from
/// <see cref="Start"/>, row-major. The answer sits top-left; every canvas cell is labelled — its colour inside the
/// answer, OUTSIDE beyond it — and the decoder reads the answer back as the largest top-left rectangle of colour tokens
/// (<see cref="CropSize"/>).
/// <para>
/// Why OUTSIDE labels rather than HRM's EOS border alone: every canvas cell gets a target, so the size is learned from
/// many redundant cells, and the crop rule tolerates a few wrong cells. A border needs a spare row and column past the
/// answer, which the max-rule canvas lacks in the commonest case: the answer fills the canvas exactly for 57% of ARC-1
/// training and 54% of evaluation test outputs; growing every h×w canvas to (h+1)×(w+1) for it would add h+w+1 tokens
/// to every sequence. <see cref="ContextEncoderOptions.MarkBoundary"/> still labels the boundary cells that lie on the
/// canvas EOS, as an extra edge cue; the decoder treats EOS as outside.
/// </para>
/// </summary>
/// <param name="Start">Index of the canvas's first token in the sequence.</param>
/// <param name="Answer">The known answer in the sequence's (augmented) frame, or null at inference.</param>
/// <param name="UsedFallback">True when the known answer did not fit the max-rule canvas and 30×30 was used instead.</param>
public sealed record AnswerCanvas(int Start, int Rows, int Cols, Grid? Answer, bool UsedFallback)
{
    public int Count => Rows * Cols;

    /// <summary>True when the whole known answer lies on the canvas (false without an answer).</summary>
    public bool AnswerFits => Answer is not null && Answer.Rows <= Rows && Answer.Cols <= Cols;

    /// <summary>
    /// max(query-input dims, every demo-output dims); with no demos, the query input's size.
    /// </summary>
    public static (int Rows, int Cols) MaxRule(IReadOnlyList<Pair> demos, Grid queryInput)
    {
        int rows = queryInput.Rows, cols = queryInput.Cols;
        foreach (var demo in demos)
        {
            rows = Math.Max(rows, demo.Output!.Rows);
            cols = Math.Max(cols, demo.Output.Cols);
        }
        return (rows, cols);
    }

    /// <summary>The canvas size for a query in the packed layout, and whether the 30×30 fallback was taken.</summary>
    public static (int Rows, int Cols, bool Fallback) SizeFor(IReadOnlyList<Pair> demos, Pair query, ContextEncoderOptions options)
    {
        if (options.Layout == ContextLayout.Padded || options.Canvas == CanvasRule.Full) return (Grid.MaxSide, Grid.MaxSide, false);
        if (options.Canvas == CanvasRule.Given && query.Output is { } known) return (known.Rows, known.Cols, false);
        var (rows, cols) = MaxRule(demos, query.Input);
        if (options.FallbackToFullCanvas && query.Output is { } answer && (answer.Rows > rows || answer.Cols > cols))
            return (Grid.MaxSide, Grid.MaxSide, true);
        return (rows, cols, false);
    }

    /// <summary>The label of canvas cell (row, col): the answer's colour token, OUTSIDE, or EOS on the boundary.</summary>
    public int Label(int row, int col, bool markBoundary)
    {
        if (Answer is null) return ContextVocabulary.IgnoreLabel;
        int h = Answer.Rows, w = Answer.Cols;
        if (row < h && col < w) return ContextVocabulary.Colour(Answer[row, col]);
        // Boundary: the row just below the answer and the column just right of it, corner included.
        bool boundary = (row == h && col <= w) || (col == w && row <= h);
        return markBoundary && boundary ? ContextVocabulary.Eos : ContextVocabulary.Outside;
    }

    /// <summary>
    /// The decoded answer size from a row-major rows×cols canvas of predicted token ids: the top-left rectangle
    /// [0, h)×[0, w) whose cells are all colour tokens and whose area h·w is largest; among equal areas the one with
    /// more rows. With run[r] = number of leading colour tokens of row r, that is max over h of h·min(run[0..h−1]).
    /// (0, 0) when cell (0, 0) is not a colour: no answer.
    /// </summary>
    public static (int Rows, int Cols) CropSize(ReadOnlySpan<int> tokens, int rows, int cols)
    {
        if (tokens.Length != rows * cols)
            throw new ArgumentException($"a {rows}x{cols} canvas has {rows * cols} cells, got {tokens.Length} tokens");
        int bestRows = 0, bestCols = 0, width = cols;
        for (int r = 0; r < rows && width > 0; r++)
        {
            int run = 0;
            var row = tokens.Slice(r * cols, cols);
            while (run < width && ContextVocabulary.IsColour(row[run])) run++;
            width = run; // min over the rows so far
            if (width > 0 && (r + 1) * width >= bestRows * bestCols)
                (bestRows, bestCols) = (r + 1, width);
        }
        return (bestRows, bestCols);
    }
}
