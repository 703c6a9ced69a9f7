using System.Text.Json.Nodes;

namespace HrmSharp.Training;

/// <summary>Compares two configs field by field (by JSON path), to tell whether a checkpoint can continue under a config.</summary>
public static class ConfigDiff
{
    /// <summary>
    /// Fields a resumed run may change: budgets, intervals, threads and streams and what it is evaluated on. Everything else
    /// (model, optimiser, data, batch size, seeds, dtype) decides the next step's numbers, so it must match.
    /// </summary>
    public static readonly IReadOnlySet<string> Resumable = new HashSet<string>
    {
        "name", "steps", "minutes", "eval_interval", "checkpoint_every", "keep_checkpoints", "log_every", "eval_batch_size", "threads", "streams",
        "data.eval_path", "data.eval_count", "data.eval_tasks", "data.eval_augmentations",
    };

    /// <summary>Every leaf that differs, as "path: a vs b".</summary>
    public static IReadOnlyList<string> All(TrainConfig a, TrainConfig b) => Leaves(a.ToNode(), b.ToNode(), "", null);

    /// <summary>Differences outside <see cref="Resumable"/>, phrased for a checkpoint (a) and the current run (b).</summary>
    public static IReadOnlyList<string> Structural(TrainConfig checkpoint, TrainConfig current) =>
        Leaves(checkpoint.ToNode(), current.ToNode(), "", Resumable);

    private static List<string> Leaves(JsonNode? a, JsonNode? b, string path, IReadOnlySet<string>? skip)
    {
        var diffs = new List<string>();
        if (skip is not null && skip.Contains(path))
            return diffs;
        if (a is JsonObject oa && b is JsonObject ob)
        {
            foreach (var key in oa.Select(kv => kv.Key).Union(ob.Select(kv => kv.Key)))
                diffs.AddRange(Leaves(oa[key], ob[key], path.Length == 0 ? key : $"{path}.{key}", skip));
            return diffs;
        }
        var ta = a?.ToJsonString() ?? "null";
        var tb = b?.ToJsonString() ?? "null";
        if (ta != tb)
            diffs.Add($"{path} is {ta} in the checkpoint but {tb} in this run");
        return diffs;
    }
}
