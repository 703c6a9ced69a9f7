namespace HrmSharp.Data.Synthetic;

/// <summary>A generated task together with the family and parameters that made it (so it can be re-checked).</summary>
public sealed record GeneratedTask(ArcTask Task, TaskFamily Family, FamilyParams Params);
