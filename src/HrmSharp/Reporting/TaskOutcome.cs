namespace HrmSharp.Reporting;

/// <summary>A task's outcome under pass@2; Unscored when some test output is unknown.</summary>
public enum TaskOutcome { Solved, Unsolved, Unscored }
