namespace HrmSharp.Data;

/// <summary>One example: an input grid and its output grid (absent for an unanswered test input).</summary>
public sealed record Pair(Grid Input, Grid? Output);
