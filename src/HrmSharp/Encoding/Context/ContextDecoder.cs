using HrmSharp.Data;

namespace HrmSharp.Encoding.Context;

/// <summary>Reads predicted token ids on a sequence's answer canvas back into a grid, and scores them.</summary>
public static class ContextDecoder
{
    /// <summary>
    /// Decodes the canvas part of <paramref name="predicted"/>: either the whole sequence's token ids (length
    /// <see cref="ContextSequence.Length"/>) or just the canvas's (length <see cref="AnswerCanvas.Count"/>).
    /// The grid is in the sequence's frame; <see cref="ToOriginal"/> inverts the augmentation.
    /// </summary>
    public static DecodedAnswer Decode(ContextSequence sequence, ReadOnlySpan<int> predicted)
    {
        var canvas = sequence.Canvas;
        var cells = CanvasPart(sequence, predicted);
        var (rows, cols) = AnswerCanvas.CropSize(cells, canvas.Rows, canvas.Cols);
        if (rows == 0) return new DecodedAnswer(null, 0, 0);
        var colours = new byte[rows * cols];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++)
                colours[r * cols + c] = (byte)ContextVocabulary.ColourOf(cells[r * canvas.Cols + c]);
        return new DecodedAnswer(Grid.Create(rows, cols, colours), rows, cols);
    }

    /// <summary>The decoded grid in the original task's frame (augmentation inverted), or null.</summary>
    public static Grid? ToOriginal(ContextSequence sequence, DecodedAnswer decoded) =>
        decoded.Grid is null ? null : sequence.Augmentation.Invert(decoded.Grid);

    /// <summary>Scores a prediction against the sequence's known answer (in the same frame).</summary>
    public static AnswerScore Score(ContextSequence sequence, ReadOnlySpan<int> predicted)
    {
        var canvas = sequence.Canvas;
        var answer = canvas.Answer ?? throw new InvalidOperationException($"task {sequence.TaskId}: the query's answer is unknown; nothing to score against");
        var cells = CanvasPart(sequence, predicted);
        var (rows, cols) = AnswerCanvas.CropSize(cells, canvas.Rows, canvas.Cols);

        int answerCells = 0, answerRight = 0;
        for (int r = 0; r < Math.Min(answer.Rows, canvas.Rows); r++)
            for (int c = 0; c < Math.Min(answer.Cols, canvas.Cols); c++)
            {
                answerCells++;
                if (cells[r * canvas.Cols + c] == ContextVocabulary.Colour(answer[r, c])) answerRight++;
            }
        bool cellsCorrect = canvas.AnswerFits && answerRight == answerCells;

        int right = 0;
        var labels = sequence.Labels.AsSpan(canvas.Start, canvas.Count);
        for (int i = 0; i < labels.Length; i++)
            if (cells[i] == labels[i]) right++;
        return new AnswerScore(rows == answer.Rows && cols == answer.Cols, cellsCorrect, right, labels.Length, answerRight, answerCells);
    }

    /// <summary>Decodes every sequence of a batch from flat [B·L] predicted token ids (e.g. argmax of the logits).</summary>
    public static IReadOnlyList<DecodedSegment> DecodeBatch(ContextBatch batch, ReadOnlySpan<int> predicted)
    {
        var result = new DecodedSegment[batch.Segments.Count];
        for (int s = 0; s < result.Length; s++)
        {
            var segment = batch.Segments[s];
            var tokens = batch.SegmentTokens(predicted, s);
            var answer = Decode(segment.Sequence, tokens);
            var score = segment.Sequence.Canvas.Answer is null ? null : Score(segment.Sequence, tokens);
            result[s] = new DecodedSegment(segment, answer, ToOriginal(segment.Sequence, answer), score);
        }
        return result;
    }

    private static ReadOnlySpan<int> CanvasPart(ContextSequence sequence, ReadOnlySpan<int> predicted)
    {
        var canvas = sequence.Canvas;
        if (predicted.Length == sequence.Length) return predicted.Slice(canvas.Start, canvas.Count);
        if (predicted.Length == canvas.Count) return predicted;
        throw new ArgumentException(
            $"expected {sequence.Length} predicted tokens (whole sequence) or {canvas.Count} (canvas), got {predicted.Length}", nameof(predicted));
    }
}
