using HrmSharp.Data;

namespace HrmSharp.Reporting;

/// <summary>
/// The identity-view prediction after one ACT step (segment), 1-based: the grid cropped at the EOS border (null when the
/// model's canvas held no valid grid yet) and sigmoid(q_halt) at that step when known.
/// </summary>
public sealed record RefinementStep(int Step, Grid? Grid, double? QHalt);
