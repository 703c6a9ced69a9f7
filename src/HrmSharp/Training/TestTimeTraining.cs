using System.Diagnostics;
using System.Text.RegularExpressions;
using HrmSharp.Data;
using HrmSharp.Encoding.Context;
using HrmSharp.Modeling;
using HrmSharp.Randomness;
using HrmSharp.Runtime;
using HrmSharp.Training.Context;
using HrmSharp.Training.Optimizers;
using TorchSharp;
using static TorchSharp.torch;
using HrmSharp.Evaluation;

namespace HrmSharp.Training;

/// <summary>
/// Test-time training: before an in-context model answers a task, a fresh copy of it is fine-tuned on that task's demos
/// alone, exactly as training fine-tuned it on the training tasks:
/// <code>
/// copy   = new model with the base model's weights       (the base model and its checkpoint are never written)
/// data   = leave-one-out over the demos (each demo the query, the others its context; a lone demo has empty context),
///          a fresh random dihedral (unless the model trained without) + colour permutation of the whole task per epoch,
///          bucketed into batches
/// loop:  episode = one batch from a fresh carry, halt_max_steps ACT segments (rows halting early restart on it)
///        each segment: ActLossHead loss / rows → backward → AdamATan2 step (constant TTT rate, chosen parameters only)
/// until  --ttt-steps optimiser steps or --ttt-minutes, whichever comes first
/// </code>
/// Test outputs are never read, even when the task file has them. Each task's augmentations and ACT exploration are
/// seeded by (seed, task id), so the answer for a task does not depend on which tasks come before it.
/// </summary>
public sealed partial class TestTimeTraining : ITaskAdapter
{
    private readonly TttOptions _options;
    private readonly Device _device;

    public TestTimeTraining(TttOptions options, Device device)
    {
        options.Validate();
        _options = options;
        _device = device;
    }

    public TttOptions Options => _options;

    /// <summary>Fine-tunes a copy of <paramref name="baseModel"/> on <paramref name="task"/>'s demos; dispose the result when done with it.</summary>
    public AdaptedModel Adapt(ActModel baseModel, ArcTask task)
    {
        if (baseModel.Config.Conditioning != Conditioning.Context)
            throw new HrmException("test-time training needs an in-context model (conditioning context); this one conditions on puzzle identifiers");
        var clock = Stopwatch.StartNew();
        int taskSeed = TaskSeed(_options.Seed, task.Id);
        if (!_options.Enabled)
            return Unchanged("no TTT budget (steps and minutes are both 0)", 0);
        var lengths = new ContextEncoder(new ContextEncoderOptions { Layout = _options.Layout }).LeaveOneOutLengths(task, false);
        if (!lengths.Any(l => l <= _options.MaxSequenceLength))
            return Unchanged($"no leave-one-out sequence of at most {_options.MaxSequenceLength} tokens", 0);
        var data = new ContextTrainingData([task], new ContextDataOptions
        {
            IncludeTests = false, // never the test outputs, even when the file has them
            Augment = true,
            AugmentDihedral = _options.AugmentDihedral,
            TokensPerBatch = _options.TokensPerBatch,
            MaxSequenceLength = _options.MaxSequenceLength,
            Layout = _options.Layout,
            Seed = taskSeed,
        });

        var copy = Copy(baseModel, taskSeed);
        try
        {
            return new AdaptedModel(copy, Train(copy, data, task.Id, clock), owned: true);
        }
        catch
        {
            copy.Dispose();
            throw;
        }

        AdaptedModel Unchanged(string why, int sequences) =>
            new(baseModel, new TttResult(task.Id, 0, sequences, double.NaN, double.NaN, clock.Elapsed.TotalSeconds, why), owned: false);
    }

    private TttResult Train(ActModel model, ContextTrainingData data, string taskId, Stopwatch clock)
    {
        var chosen = Select(model, _options.Params);
        foreach (var (name, p) in model.named_parameters())
            p.requires_grad = chosen.Contains(name);
        var parameters = model.named_parameters().Where(n => chosen.Contains(n.name)).Select(n => n.parameter).ToList();
        // No weight decay: it would pull towards zero, not towards the checkpoint, and budgets are too short for it to matter.
        using var optimizer = new AdamATan2(parameters, _options.Lr, beta1: 0.9, beta2: 0.95, weightDecay: 0);
        var head = new ActLossHead(model);
        var episodes = new Episodes(model.Config.HaltMaxSteps);
        model.train();

        var episodeLosses = new List<double>();
        double firstLoss = double.NaN;
        ActCarry? carry = null;
        Encoding.Context.ContextBatch? batch = null;
        int step = 0;
        try
        {
            while (!BudgetUsed(step, clock))
            {
                if (episodes.Starts(step))
                {
                    // A new episode: the next batch (a new augmentation once an epoch is done), from a fresh carry.
                    carry?.Dispose();
                    carry = null;
                    batch = data.Batch(episodes.Of(step));
                    if (step > 0 && double.IsNaN(firstLoss)) firstLoss = episodeLosses.Average();
                    episodeLosses.Clear();
                }
                using var quiet = new GcQuietZone(); // see GcQuietZone: TorchSharp's temporary Scalars
                using var scope = NewDisposeScope();
                var act = ContextBatchTensors.ToActBatch(batch!, _device);
                long rows = act.BatchSize;
                if (carry is null)
                {
                    carry = head.InitialCarry(act); // every row halted: the first segment takes every row from the batch
                    scope.MoveToOuter(carry.Tensors());
                }
                using var minSteps = model.DrawMinSteps(rows);
                var (next, metrics) = SegmentStep.ForwardBackward(head, carry, act, rows, minSteps);
                optimizer.step();
                optimizer.zero_grad();

                episodeLosses.Add(metrics.Loss / rows);
                var old = carry;
                carry = next;
                scope.MoveToOuter(carry.Tensors());
                old.Dispose();
                step++;
            }
        }
        finally
        {
            carry?.Dispose();
            foreach (var p in model.parameters())
                p.requires_grad = true;
            model.eval();
        }
        double lastLoss = episodeLosses.Count > 0 ? episodeLosses.Average() : double.NaN;
        if (double.IsNaN(firstLoss)) firstLoss = lastLoss; // one episode or less: first and last are the same one
        return new TttResult(taskId, step, data.Sequences, firstLoss, lastLoss, clock.Elapsed.TotalSeconds);
    }

    private bool BudgetUsed(int step, Stopwatch clock) =>
        (_options.Steps > 0 && step >= _options.Steps) || (_options.Minutes > 0 && clock.Elapsed.TotalMinutes >= _options.Minutes);

    /// <summary>
    /// A new model with every parameter and buffer copied from <paramref name="source"/> (its own exploration generator,
    /// seeded per task). Built on the TTT device; the source may live anywhere.
    /// </summary>
    private ActModel Copy(ActModel source, int taskSeed)
    {
        var copy = new ActModel(source.Config, (ulong)taskSeed);
        try
        {
            copy.to(_device);
            ModelWeights.Load(copy, source.state_dict(), "the base model");
        }
        catch
        {
            copy.Dispose();
            throw;
        }
        return copy;
    }

    /// <summary>The names (state_dict names) of the parameters <paramref name="subset"/> trains.</summary>
    public static HashSet<string> Select(ActModel model, TttParams subset)
    {
        var names = model.named_parameters().Select(n => n.name).ToList();
        if (subset == TttParams.All)
            return [.. names];
        static bool IsHead(string n) => n.StartsWith("inner.lm_head.", StringComparison.Ordinal) || n.StartsWith("inner.q_head.", StringComparison.Ordinal);
        if (subset == TttParams.EmbeddingsHeads)
            return [.. names.Where(n => IsHead(n) || EmbeddingPrefixes.Any(p => n.StartsWith(p, StringComparison.Ordinal)))];

        // Last: the highest-numbered block of each reasoning module.
        var blocks = names.Select(n => BlockName().Match(n)).Where(m => m.Success).ToList();
        var last = blocks.GroupBy(m => m.Groups["module"].Value)
            .ToDictionary(g => g.Key, g => g.Max(m => int.Parse(m.Groups["index"].Value, System.Globalization.CultureInfo.InvariantCulture)));
        return [.. names.Where(n => IsHead(n) || (BlockName().Match(n) is { Success: true } m
            && int.Parse(m.Groups["index"].Value, System.Globalization.CultureInfo.InvariantCulture) == last[m.Groups["module"].Value]))];
    }

    private static readonly string[] EmbeddingPrefixes = ["inner.embed_tokens.", "inner.context_emb.", "inner.embed_pos.", "inner.puzzle_emb."];

    [GeneratedRegex(@"^inner\.(?<module>[A-Za-z_]+)\.layers\.(?<index>\d+)\.")]
    private static partial Regex BlockName();

    /// <summary>A task's seed: the run seed mixed with a stable hash of its id (FNV-1a; string.GetHashCode differs per process).</summary>
    public static int TaskSeed(int seed, string taskId)
    {
        ulong hash = 0xCBF29CE484222325UL;
        foreach (char c in taskId)
            hash = (hash ^ c) * 0x100000001B3UL;
        return SeedMix.Of(seed, (long)hash);
    }
}
