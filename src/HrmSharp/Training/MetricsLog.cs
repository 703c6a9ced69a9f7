using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace HrmSharp.Training;

/// <summary>
/// metrics.jsonl: one JSON object per line, <c>{"kind": "train", "step": ..., ...}</c> for training steps and
/// <c>{"kind": "eval", "step": ..., ...}</c> for evaluations. Doubles are written shortest-round-trip, so a
/// resumed run's lines can be compared bit for bit with an uninterrupted one's.
/// </summary>
public sealed class MetricsLog : IDisposable
{
    private readonly StreamWriter _writer;

    public string Path { get; }

    /// <summary>Opens the log for appending. When resuming at <paramref name="keepUpToStep"/>, lines of later steps (written
    /// after that checkpoint by the interrupted run) are dropped first, so every step appears once.</summary>
    public MetricsLog(string path, long? keepUpToStep = null)
    {
        Path = path;
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        if (keepUpToStep is { } keep && File.Exists(path))
        {
            var kept = File.ReadLines(path).Where(line => StepOf(line) is { } s && s <= keep).ToList();
            IO.AtomicFile.WriteAllText(path, kept.Count == 0 ? "" : string.Join('\n', kept) + "\n");
        }
        else if (keepUpToStep is null && File.Exists(path))
        {
            File.Delete(path);
        }
        _writer = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read), new UTF8Encoding(false)) { AutoFlush = true };
    }

    public void Train(StepMetrics m)
    {
        var o = new JsonObject
        {
            ["kind"] = "train",
            ["step"] = m.Step,
            ["lr"] = m.Lr,
            ["puzzle_emb_lr"] = m.PuzzleEmbLr,
            ["loss"] = m.Loss,
            ["lm_loss"] = m.LmLoss,
            ["q_halt_loss"] = m.QHaltLoss,
        };
        if (m.QContinueLoss is { } qc)
            o["q_continue_loss"] = qc;
        // Rates over the sequences that finished in this step: null when none finished, so curves show a gap rather
        // than a false drop to zero.
        bool any = m.Count > 0;
        o["accuracy"] = any ? m.Accuracy : null;
        o["exact_accuracy"] = any ? m.ExactAccuracy : null;
        o["q_halt_accuracy"] = any ? m.QHaltAccuracy : null;
        o["steps"] = any ? m.Steps : null;
        o["count"] = m.Count;
        o["step_s"] = m.StepSeconds;
        o["data_s"] = m.DataSeconds;
        o["tokens_per_s"] = m.TokensPerSecond;
        o["elapsed_s"] = m.ElapsedSeconds;
        Write(o);
    }

    public void Eval(long step, double elapsedSeconds, IReadOnlyDictionary<string, double> summary)
    {
        var o = new JsonObject { ["kind"] = "eval", ["step"] = step };
        foreach (var (k, v) in summary)
            o[k] = v;
        o["elapsed_s"] = elapsedSeconds;
        Write(o);
    }

    private void Write(JsonObject o) => _writer.WriteLine(o.ToJsonString());

    /// <summary>The keys whose values are wall-clock timings (differ between identical runs).</summary>
    public static readonly IReadOnlySet<string> TimingKeys = new HashSet<string> { "step_s", "data_s", "tokens_per_s", "elapsed_s" };

    private static long? StepOf(string line)
    {
        try
        {
            return JsonNode.Parse(line)?["step"]?.GetValue<long>();
        }
        catch (JsonException)
        {
            return null; // a torn last line from a crash: dropped
        }
    }

    public void Dispose() => _writer.Dispose();
}
