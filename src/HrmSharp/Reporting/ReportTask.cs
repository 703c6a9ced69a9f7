using HrmSharp.Data;

namespace HrmSharp.Reporting;

/// <summary>How the model did on one task: its demonstrations (empty when unknown) and every test input.</summary>
public sealed record ReportTask(string TaskId, IReadOnlyList<Pair> Demos, IReadOnlyList<ReportTest> Tests)
{
    /// <summary>Every test input has a known answer, so the task counts towards pass@k.</summary>
    public bool Scored => Tests.Count > 0 && Tests.All(t => t.Expected is not null);

    /// <summary>The ARC rule: the task passes at k when every test input is right within its first k attempts.</summary>
    public bool PassAt(int k) => Scored && Tests.All(t => t.CorrectWithin(k));

    /// <summary>Solved means solved under the ARC Prize's two attempts.</summary>
    public TaskOutcome Outcome => !Scored ? TaskOutcome.Unscored : PassAt(2) ? TaskOutcome.Solved : TaskOutcome.Unsolved;
}
