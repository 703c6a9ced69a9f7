using System.Collections.Immutable;

namespace HrmSharp.Data;

/// <summary>The standard ARC colours (as in the ARC-AGI browser viewer), for terminal drawings and images.</summary>
public static class ArcPalette
{
    /// <summary>"#RRGGBB" for colours 0..9: black, blue, red, green, yellow, grey, magenta, orange, sky blue, maroon.</summary>
    public static readonly ImmutableArray<string> Hex =
        ["#000000", "#0074D9", "#FF4136", "#2ECC40", "#FFDC00", "#AAAAAA", "#F012BE", "#FF851B", "#7FDBFF", "#870C25"];

    public static string HexOf(int colour) =>
        colour is >= 0 and < Grid.Colours ? Hex[colour] : throw new ArgumentOutOfRangeException(nameof(colour), colour, "ARC colours are 0..9");

    public static (byte R, byte G, byte B) Rgb(int colour)
    {
        int v = Convert.ToInt32(HexOf(colour)[1..], 16);
        return ((byte)(v >> 16), (byte)(v >> 8), (byte)v);
    }
}
