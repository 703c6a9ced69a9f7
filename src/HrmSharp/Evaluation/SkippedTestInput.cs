namespace HrmSharp.Evaluation;

/// <summary>A test input whose in-context sequence is longer than the model takes; it was not run and counts as wrong.</summary>
public sealed record SkippedTestInput(string TaskId, int TestIndex, int Length, int Limit)
{
    public string Message =>
        $"task {TaskId} test {TestIndex}: {Length} tokens in context, but the model's learned positions end at seq_len {Limit}; " +
        "skipped and counted as wrong";
}
