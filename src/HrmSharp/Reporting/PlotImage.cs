namespace HrmSharp.Reporting;

/// <summary>A rendered training-curve figure: its file name stem, its title and PNG bytes.</summary>
public sealed record PlotImage(string Name, string Title, byte[] Png);
