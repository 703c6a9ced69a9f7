using SkiaSharp;

namespace HrmSharp.Reporting;

/// <summary>
/// A sans-serif face from the machine's fonts for the PNGs (Skia's and ScottPlot's fallbacks are a serif here).
/// With no known family installed the default face is used: text may then not show, the grids and marks still do.
/// </summary>
internal static class ReportFonts
{
    private static readonly string[] Families = ["DejaVu Sans", "Liberation Sans", "Noto Sans", "Open Sans", "Arial", "Helvetica"];

    /// <summary>The first installed family of <see cref="Families"/>, or null.</summary>
    public static string? SansFamily()
    {
        foreach (string family in Families)
        {
            using var face = SKTypeface.FromFamilyName(family);
            if (face?.FamilyName == family) return family;
        }
        return null;
    }

    /// <summary>A new typeface the caller disposes.</summary>
    public static SKTypeface Sans() => SKTypeface.FromFamilyName(SansFamily());
}
