namespace HrmSharp.Encoding.Context;

/// <summary>How <see cref="ContextEncoder"/> lays out a task.</summary>
public sealed record ContextEncoderOptions
{
    public ContextLayout Layout { get; init; } = ContextLayout.Packed;

    /// <summary>Answer-canvas size in the packed layout (the padded layout's canvas is always 30×30).</summary>
    public CanvasRule Canvas { get; init; } = CanvasRule.Max;

    /// <summary>
    /// When the known answer does not fit the <see cref="CanvasRule.Max"/> canvas, use a 30×30 one so every training
    /// label is on it (training). Set false to score held-out answers: the canvas then never depends on the answer,
    /// exactly as at inference, and an answer that does not fit simply cannot be predicted.
    /// </summary>
    public bool FallbackToFullCanvas { get; init; } = true;

    /// <summary>Label the canvas cells just past the answer's bottom and right edges EOS instead of OUTSIDE.</summary>
    public bool MarkBoundary { get; init; }
}
