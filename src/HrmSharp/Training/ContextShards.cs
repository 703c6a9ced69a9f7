using System.Text.Json;
using System.Text.Json.Serialization;
using HrmSharp.Data;
using HrmSharp.Evaluation;
using HrmSharp.IO;

namespace HrmSharp.Training;

/// <summary>
/// Sharded in-context evaluation (and test-time training): the unit is the predictor's chunk of tasks (8, or 1 with TTT),
/// whose answers depend only on its own tasks, so shard i of N answers the chunks k with k mod N = i of each set and
/// writes each chunk's outcome (every view's decoded answer and q_halt, the identity scores, the TTT record) to
/// chunks/SET-NNNNNN.json atomically; a retried shard skips the chunks written. The merge replays every chunk in order,
/// which gives the unsharded run's votes, scores, report and submission (only the timings differ).
/// </summary>
public static class ContextShards
{
    /// <summary>The manifest setting that marks an in-context shard (its merge replays chunks instead of scoring batches).</summary>
    public const string Mode = "context";
    private const string ChunksDir = "chunks";

    /// <summary>Shard <paramref name="shard"/>'s plan: compute its chunks into <paramref name="folder"/>, reuse those already there.</summary>
    public static Func<string, ChunkPlan> ForShard(string folder, EvalShard shard) => set => new ChunkPlan(
        Compute: shard.Includes,
        Load: k => TryRead(folder, set, k),
        Save: (k, outcome) => Write(folder, set, k, outcome));

    /// <summary>Chunks done per set in a shard folder, against the chunks this shard owns.</summary>
    public static (int Done, int Owned) Progress(string folder, EvalShard shard, IReadOnlyDictionary<string, int> chunkCounts)
    {
        int done = 0, owned = 0;
        foreach (var (set, count) in chunkCounts)
            for (int k = 0; k < count; k++)
                if (shard.Includes(k))
                {
                    owned++;
                    if (File.Exists(ChunkPath(folder, set, k))) done++;
                }
        return (done, owned);
    }

    /// <summary>The merge's plan: every chunk from the shard folder that owns it; none is computed, a missing one is an error.</summary>
    public static Func<string, ChunkPlan> ForMerge(IReadOnlyList<(string Folder, EvalShard Shard)> shards) => set => new ChunkPlan(
        Compute: _ => false,
        Load: k =>
        {
            var (folder, shard) = shards.First(s => s.Shard.Includes(k));
            return TryRead(folder, set, k)
                ?? throw new HrmException($"{folder}: chunk {set} {k} of shard {shard} is missing (the shard did not finish: run it again, it resumes)");
        },
        Save: (_, _) => throw new InvalidOperationException("a merge computes nothing"));

    private static string ChunkPath(string folder, string set, int k) => Path.Combine(folder, ChunksDir, $"{set}-{k:D6}.json");

    private static void Write(string folder, string set, int k, ChunkOutcome outcome)
    {
        Directory.CreateDirectory(Path.Combine(folder, ChunksDir));
        AtomicFile.WriteAllBytes(ChunkPath(folder, set, k), JsonSerializer.SerializeToUtf8Bytes(outcome, Json));
    }

    /// <summary>A chunk's outcome, or null when absent (a write is atomic, so a file that is there is whole).</summary>
    private static ChunkOutcome? TryRead(string folder, string set, int k)
    {
        var path = ChunkPath(folder, set, k);
        if (!File.Exists(path)) return null;
        try
        {
            return JsonSerializer.Deserialize<ChunkOutcome>(File.ReadAllBytes(path), Json)
                ?? throw new HrmException($"{path}: empty chunk file");
        }
        catch (JsonException ex)
        {
            throw new HrmException($"{path}: not a chunk outcome ({JsonInput.Reason(ex)}); delete it and run the shard again");
        }
    }

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new GridConverter() },
    };

    /// <summary>A grid as its rows of colours (null stays null).</summary>
    private sealed class GridConverter : JsonConverter<Grid>
    {
        public override Grid Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            Grid.FromRows(JsonSerializer.Deserialize<int[][]>(ref reader) ?? throw new JsonException("a grid must be a list of rows"));

        public override void Write(Utf8JsonWriter writer, Grid value, JsonSerializerOptions options) =>
            JsonSerializer.Serialize(writer, value.ToRows());
    }
}
