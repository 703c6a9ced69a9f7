using HrmSharp.Data;

namespace HrmSharp.Encoding.Context;

/// <summary>
/// A predicted answer read off a canvas: its size by <see cref="AnswerCanvas.CropSize"/> and its cells, in the
/// sequence's (augmented) frame. <see cref="Grid"/> is null when the canvas's top-left cell is not a colour.
/// </summary>
public sealed record DecodedAnswer(Grid? Grid, int Rows, int Cols);
