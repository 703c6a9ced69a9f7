using System.Globalization;

namespace HrmSharp.Training;

/// <summary>
/// One slice of an evaluation run as an independent job: shard <see cref="Index"/> of <see cref="Count"/> computes the
/// evaluation batches b with b mod Count = Index. Batches, not tasks, are the unit: a batch's numbers depend on the
/// rows it holds, so splitting along the unsharded run's own batches is what lets the merged result equal it bit for bit.
/// </summary>
public sealed record EvalShard(int Index, int Count)
{
    public bool Includes(int batch) => batch % Count == Index;

    public override string ToString() => $"{Index}/{Count}";

    /// <summary>
    /// "i/N", or "auto": Slurm job arrays (SLURM_ARRAY_TASK_ID of SLURM_ARRAY_TASK_COUNT) or a Kubernetes Indexed Job
    /// (JOB_COMPLETION_INDEX, with <paramref name="count"/> shards since the index alone does not say how many).
    /// </summary>
    public static EvalShard Parse(string text, int? count = null, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        if (text == "auto")
        {
            if (Int(environment("SLURM_ARRAY_TASK_ID")) is { } task && Int(environment("SLURM_ARRAY_TASK_COUNT")) is { } tasks)
            {
                // A Slurm array may start at any index (--array=1-8): the shard is the task's place in it.
                int min = Int(environment("SLURM_ARRAY_TASK_MIN")) ?? 0;
                return Checked(task - min, count ?? tasks, "SLURM_ARRAY_TASK_ID");
            }
            if (Int(environment("JOB_COMPLETION_INDEX")) is { } index)
                return count is { } n ? Checked(index, n, "JOB_COMPLETION_INDEX")
                    : throw new HrmException("--shard auto under a Kubernetes Indexed Job needs --shards N (the job's completions)");
            throw new HrmException("--shard auto: neither SLURM_ARRAY_TASK_ID/SLURM_ARRAY_TASK_COUNT (Slurm job array) " +
                                   "nor JOB_COMPLETION_INDEX (Kubernetes Indexed Job) is set; give --shard i/N");
        }
        var parts = text.Split('/');
        if (parts.Length == 2 && Int(parts[0]) is { } i && Int(parts[1]) is { } n2)
            return Checked(i, n2, "--shard");
        throw new HrmException($"--shard: '{text}' is not i/N (e.g. 0/4) or auto");
    }

    private static EvalShard Checked(int index, int count, string what) =>
        count < 1 ? throw new HrmException($"{what}: {count} shards; there must be at least 1")
        : index < 0 || index >= count ? throw new HrmException($"{what}: shard {index} is outside 0..{count - 1}")
        : new EvalShard(index, count);

    private static int? Int(string? s) => int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null;
}
