namespace HrmSharp.Encoding.Context;

/// <summary>
/// Token ids of the in-context encoding. PAD, EOS and colour c → c + 2 are HRM's ids, so the two
/// encodings share an embedding layout; two ids are added for the answer canvas:
/// <list type="table">
/// <item>0 PAD: batch padding, and the cells of a 30×30 canvas outside the grid in the padded layout</item>
/// <item>1 EOS: optional label on the answer's boundary (<see cref="ContextEncoderOptions.MarkBoundary"/>)</item>
/// <item>2..11 colour 0..9</item>
/// <item>12 OUTSIDE: label of an answer-canvas cell that lies outside the true answer</item>
/// <item>13 CANVAS: input token of every answer-canvas cell ("to be predicted")</item>
/// </list>
/// </summary>
public static class ContextVocabulary
{
    public const int Pad = 0;
    public const int Eos = 1;
    public const int ColourOffset = 2;
    public const int Outside = ColourOffset + Data.Grid.Colours; // 12
    public const int Canvas = Outside + 1;                       // 13
    public const int Size = Canvas + 1;                          // 14

    /// <summary>Label of tokens that carry no loss (PyTorch's and our cross-entropy ignore index).</summary>
    public const int IgnoreLabel = -100;

    public static int Colour(int colour) => colour + ColourOffset;

    public static bool IsColour(int token) => token is >= ColourOffset and < Outside;

    /// <summary>The colour of a colour token; throws for any other token.</summary>
    public static int ColourOf(int token) =>
        IsColour(token) ? token - ColourOffset : throw new ArgumentOutOfRangeException(nameof(token), token, "not a colour token");
}
