namespace HrmSharp.Cli;

/// <summary>What every command gets: where to print, and where to write help/parse errors.</summary>
public sealed record CliContext(IReporter Reporter, TextWriter Out, TextWriter Err);
