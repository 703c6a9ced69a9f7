using System.Buffers.Binary;
using System.Text.Json;
using System.Text.Json.Nodes;
using HrmSharp.IO;
using HrmSharp.Modeling;
using HrmSharp.Training.Data;
using static TorchSharp.torch;

namespace HrmSharp.Training;

/// <summary>
/// Evaluation split over independent jobs (a Slurm array, a Kubernetes Indexed Job, GNU parallel): each shard computes
/// its share of the evaluation batches (<see cref="EvalShard"/>) and writes each batch's predictions to its own file,
/// atomically, so a retried shard skips the batches already done; <see cref="Merge(IReadOnlyList{string})"/> checks the shards belong together,
/// puts the predictions back in order and scores them exactly as an unsharded run does.
/// <para>
/// A shard folder: shard.json (the checkpoint, the settings, which shard) and batches/batch-NNNNNN.bin (a batch's
/// argmax tokens, int32, then its q_halt logits, float32, little-endian, after a header of row and token counts).
/// </para>
/// </summary>
public static class ShardedEvaluation
{
    public const string ManifestFile = "shard.json";
    public const string Format = "hrmsharp.eval-shard";
    private const string BatchesDir = "batches";

    /// <summary>What makes shards belong together: the same checkpoint, step and settings (everything but the shard index).</summary>
    /// <param name="Settings">The evaluation settings as JSON (data, tasks, views, batch size, segments, EMA).</param>
    public sealed record Manifest(string Checkpoint, long Step, JsonObject Settings, int Examples, int SeqLen, int Batches, EvalShard Shard)
    {
        public JsonObject ToJson() => new()
        {
            ["format"] = Format,
            ["checkpoint"] = Checkpoint,
            ["step"] = Step,
            ["settings"] = Settings.DeepClone(),
            ["examples"] = Examples,
            ["seq_len"] = SeqLen,
            ["batches"] = Batches,
            ["shard"] = Shard.Index,
            ["shards"] = Shard.Count,
        };

        /// <summary>Equal in everything but the shard index.</summary>
        public bool SameRun(Manifest other) =>
            Checkpoint == other.Checkpoint && Step == other.Step && JsonNode.DeepEquals(Settings, other.Settings)
            && Examples == other.Examples && SeqLen == other.SeqLen && Batches == other.Batches && Shard.Count == other.Shard.Count;

        public static Manifest Read(string folder)
        {
            var path = Path.Combine(folder, ManifestFile);
            if (!File.Exists(path))
                throw new HrmException($"{folder}: no {ManifestFile} (not the output of hrm eval --shard)");
            try
            {
                var o = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
                if (o["format"]?.GetValue<string>() != Format)
                    throw new HrmException($"{path}: not an evaluation shard manifest");
                return new Manifest(o["checkpoint"]!.GetValue<string>(), o["step"]!.GetValue<long>(), o["settings"]!.AsObject(),
                    o["examples"]!.GetValue<int>(), o["seq_len"]!.GetValue<int>(), o["batches"]!.GetValue<int>(),
                    new EvalShard(o["shard"]!.GetValue<int>(), o["shards"]!.GetValue<int>()));
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException or NullReferenceException or FormatException)
            {
                throw new HrmException($"{path}: unreadable shard manifest ({ex.Message})");
            }
        }
    }

    /// <summary>
    /// Computes this shard's batches into <paramref name="outDir"/>, skipping those already written by an earlier try.
    /// Returns (batches computed now, batches found done). A folder holding another run's or shard's results is refused.
    /// </summary>
    public static (int Computed, int AlreadyDone) Run(ActModel model, IFixedShapeEvalSet set, int batchSize, Device device, int? segments,
        Manifest manifest, string outDir, Action<int>? batchDone = null)
    {
        Prepare(manifest, outDir);
        Directory.CreateDirectory(Path.Combine(outDir, BatchesDir));

        int done = 0, computed = 0;
        EvalRunner.ForEachBatch(model, set, batchSize, device, segments,
            k =>
            {
                if (!manifest.Shard.Includes(k)) return false;
                if (TryRead(outDir, k, manifest.SeqLen) is not null) { done++; return false; }
                return true;
            },
            (k, _, tokens, q) =>
            {
                Write(outDir, k, tokens, q);
                computed++;
                batchDone?.Invoke(computed + done);
            });
        return (computed, done);
    }

    /// <summary>Writes the manifest into a new shard folder, or checks that the one there is this shard of this evaluation.</summary>
    public static void Prepare(Manifest manifest, string outDir)
    {
        Directory.CreateDirectory(outDir);
        var manifestPath = Path.Combine(outDir, ManifestFile);
        if (File.Exists(manifestPath))
        {
            var existing = Manifest.Read(outDir);
            if (!existing.SameRun(manifest) || existing.Shard != manifest.Shard)
                throw new HrmException($"{outDir}: holds shard {existing.Shard} of {existing.Checkpoint} (step {existing.Step}), " +
                                       "not this shard of this evaluation; use an empty folder per shard");
        }
        else
        {
            AtomicFile.WriteAllText(manifestPath, manifest.ToJson().ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        }
    }

    /// <summary>Checks that <paramref name="folders"/> are the complete, disjoint shards of one evaluation; their manifests in the same order.</summary>
    public static IReadOnlyList<Manifest> Check(IReadOnlyList<string> folders)
    {
        if (folders.Count == 0) throw new HrmException("merge: name the shard folders");
        var manifests = folders.Select(Manifest.Read).ToList();
        var first = manifests[0];
        var problems = new List<string>();
        for (int i = 1; i < manifests.Count; i++)
            if (!manifests[i].SameRun(first))
                problems.Add($"{folders[i]}: shard {manifests[i].Shard} of another evaluation than {folders[0]} (checkpoint, step, settings or shard count differ)");
        foreach (var g in manifests.Select((m, i) => (m.Shard.Index, Folder: folders[i])).GroupBy(x => x.Index).Where(g => g.Count() > 1))
            problems.Add($"shard {g.Key}/{first.Shard.Count} given twice: {string.Join(", ", g.Select(x => x.Folder))}");
        var missing = Enumerable.Range(0, first.Shard.Count).Except(manifests.Select(m => m.Shard.Index)).ToList();
        if (missing.Count > 0)
            problems.Add($"shard{(missing.Count > 1 ? "s" : "")} {string.Join(", ", missing.Select(i => $"{i}/{first.Shard.Count}"))} missing");
        HrmException.ThrowIfAny(problems);
        return manifests;
    }

    /// <summary>Batches shard <paramref name="shard"/> of <paramref name="batches"/> holds.</summary>
    public static int BatchesOf(EvalShard shard, int batches) => Enumerable.Range(0, batches).Count(shard.Includes);

    /// <summary>
    /// Checks that <paramref name="folders"/> are the complete, disjoint shards of one evaluation, reads every batch back
    /// in order and returns the predictions (score them with the evaluation set rebuilt from the manifest's settings).
    /// </summary>
    public static (Manifest Manifest, ModelPredictions Predictions) Merge(IReadOnlyList<string> folders) => Merge(folders, Check(folders));

    /// <summary><see cref="Merge(IReadOnlyList{string})"/> with the manifests <see cref="Check"/> returned for <paramref name="folders"/>.</summary>
    public static (Manifest Manifest, ModelPredictions Predictions) Merge(IReadOnlyList<string> folders, IReadOnlyList<Manifest> manifests)
    {
        var first = manifests[0];

        var predictions = new ModelPredictions(first.Examples, first.SeqLen);
        int batchSize = first.Settings["effective_batch_size"]!.GetValue<int>();
        for (int f = 0; f < folders.Count; f++)
            for (int k = 0; k < first.Batches; k++)
            {
                if (!manifests[f].Shard.Includes(k)) continue;
                var (tokens, q) = TryRead(folders[f], k, first.SeqLen)
                    ?? throw new HrmException($"{folders[f]}: batch {k} of shard {manifests[f].Shard} is missing (the shard did not finish: run it again, it resumes)");
                int start = k * batchSize;
                if (start + q.Length > first.Examples || q.Length != Math.Min(batchSize, first.Examples - start))
                    throw new HrmException($"{folders[f]}: batch {k} holds {q.Length} rows, expected {Math.Min(batchSize, first.Examples - start)}");
                tokens.CopyTo(predictions.Tokens.AsSpan(start * first.SeqLen));
                q.CopyTo(predictions.QHaltLogits.AsSpan(start));
            }
        return (first, predictions);
    }

    private static string BatchPath(string folder, int k) => Path.Combine(folder, BatchesDir, $"batch-{k:D6}.bin");

    private static void Write(string folder, int k, int[] tokens, float[] q)
    {
        var bytes = new byte[8 + tokens.Length * 4 + q.Length * 4];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, q.Length);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(4), tokens.Length);
        for (int i = 0; i < tokens.Length; i++)
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(8 + 4 * i), tokens[i]);
        int at = 8 + tokens.Length * 4;
        for (int i = 0; i < q.Length; i++)
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(at + 4 * i), q[i]);
        AtomicFile.WriteAllBytes(BatchPath(folder, k), bytes);
    }

    /// <summary>A batch file's contents, or null when it is absent or not a whole batch (a write cut short is redone).</summary>
    private static (int[] Tokens, float[] Q)? TryRead(string folder, int k, int seqLen)
    {
        var path = BatchPath(folder, k);
        if (!File.Exists(path)) return null;
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 8) return null;
        int rows = BinaryPrimitives.ReadInt32LittleEndian(bytes), count = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(4));
        if (rows < 1 || count != rows * seqLen || bytes.Length != 8 + 4L * count + 4L * rows) return null;
        var tokens = new int[count];
        for (int i = 0; i < count; i++)
            tokens[i] = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(8 + 4 * i));
        var q = new float[rows];
        int at = 8 + 4 * count;
        for (int i = 0; i < rows; i++)
            q[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(at + 4 * i));
        return (tokens, q);
    }
}
