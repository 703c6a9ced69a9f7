namespace HrmSharp.Data;

/// <summary>
/// An ARC Prize submission: for every task id, one <see cref="SubmissionAttempts"/> per test input, in test order.
/// JSON: <c>{task_id: [{"attempt_1": G, "attempt_2": G}, ...]}</c>, the format ARC Prize's Kaggle scoring reads.
/// </summary>
public sealed class Submission
{
    private readonly SortedDictionary<string, IReadOnlyList<SubmissionAttempts>> _tasks;

    public Submission(IEnumerable<KeyValuePair<string, IReadOnlyList<SubmissionAttempts>>> tasks)
    {
        _tasks = new SortedDictionary<string, IReadOnlyList<SubmissionAttempts>>(StringComparer.Ordinal);
        foreach (var (id, attempts) in tasks)
        {
            if (!_tasks.TryAdd(id, attempts.ToArray())) throw new ArgumentException($"task {id} appears twice");
        }
    }

    /// <summary>Task ids in ordinal order (the order they are written in).</summary>
    public IEnumerable<string> TaskIds => _tasks.Keys;
    public int Count => _tasks.Count;
    public IReadOnlyList<SubmissionAttempts> this[string taskId] => _tasks[taskId];
    public bool TryGet(string taskId, out IReadOnlyList<SubmissionAttempts> attempts) =>
        _tasks.TryGetValue(taskId, out attempts!);

    /// <summary>Same tasks, same number of test inputs, same grids in the same attempts.</summary>
    public bool ContentEquals(Submission other) =>
        _tasks.Count == other._tasks.Count
        && _tasks.All(kv => other._tasks.TryGetValue(kv.Key, out var o) && kv.Value.SequenceEqual(o));
}
