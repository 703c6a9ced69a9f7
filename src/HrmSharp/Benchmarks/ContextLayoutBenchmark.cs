using System.Diagnostics;
using HrmSharp.Data;
using HrmSharp.Encoding.Context;
using HrmSharp.Modeling;
using HrmSharp.Training;
using static TorchSharp.torch;

namespace HrmSharp.Benchmarks;

/// <summary>
/// `hrm bench context` (issue 8): the same model, in evaluation mode, over every task's test sequences in the packed
/// layout (grids at their real size, rows planned by <see cref="BatchPlanner"/>) and in the padded one (every grid on
/// 30×30, HRM's layout). Counts the tokens each layout processes (padding included) and times it, end to end: encoding,
/// planning, batch building, tensors and masks, and the forward segments.
/// </summary>
public static class ContextLayoutBenchmark
{
    /// <summary>
    /// A small CPU-sized model: enough depth that attention and the MLPs both matter, small enough that the padded
    /// layout over a few hundred tasks runs in minutes on two cores. fp32: bf16 is ~100× slower on a CPU without
    /// AVX-512 BF16.
    /// </summary>
    public static ModelConfig SmallModel { get; } = Context(new ModelConfig
    {
        HiddenSize = 128, NumHeads = 4, Expansion = 4, HLayers = 1, LLayers = 1, HCycles = 1, LCycles = 1,
        HaltMaxSteps = 1, ForwardDtype = ForwardDType.Float32, PosEncodings = PosEncoding.Rope2d,
    }, ContextLimits.MaxSequenceLength);

    /// <summary>
    /// Packed-layout batching used by default: one sequence per batch. Measured fastest on ARC-1 evaluation here
    /// (docs/BENCHMARKS.md): no padding and no mask, and a ~1400-token sequence already fills the matmuls; packing rows
    /// needs a [B, L, L] mask, which also pushes attention off libtorch's fused no-mask path.
    /// </summary>
    public static BatchingOptions PackedBatching { get; } = new() { Pack = false, TokensPerBatch = 1, ShuffleBatches = false };

    /// <summary>The settings of one run. The padded layout uses <see cref="Batching"/>'s token budget (see <see cref="Plan"/>).</summary>
    public sealed record Options
    {
        public ModelConfig Model { get; init; } = SmallModel;
        public BatchingOptions Batching { get; init; } = PackedBatching;
        /// <summary>Seeds the weights and the planner's tie order.</summary>
        public int Seed { get; init; }
    }

    /// <summary>What one layout cost over the tasks.</summary>
    /// <param name="SequenceTokens">Sum of the sequences' own lengths.</param>
    /// <param name="ProcessedTokens">B·L summed over batches: what the model computed on, padding included.</param>
    /// <param name="TokensPerTask">Per task (in input order): its sequences' tokens plus their share of their rows' padding.</param>
    /// <param name="MaskedBatches">Batches that needed a block-diagonal mask (<see cref="ContextBatch.NeedsMask"/>).</param>
    /// <param name="Seconds">Wall time, encoding to the last forward.</param>
    /// <param name="ModelSeconds">The part spent in tensors, masks and the forward segments.</param>
    public sealed record LayoutRun(
        ContextLayout Layout, BatchingOptions Batching, int Tasks, int Sequences, int Batches, int MaskedBatches,
        int LongestRow, long SequenceTokens, long ProcessedTokens, IReadOnlyList<double> TokensPerTask, double Seconds, double ModelSeconds)
    {
        public double MeanTokensPerTask => Tasks == 0 ? 0 : (double)ProcessedTokens / Tasks;
        public double MedianTokensPerTask => Median(TokensPerTask);
        public double SecondsPerTask => Tasks == 0 ? 0 : Seconds / Tasks;
        /// <summary>Processed over the sequences' own tokens: the batching's padding overhead.</summary>
        public double PaddingRatio => SequenceTokens == 0 ? 0 : (double)ProcessedTokens / SequenceTokens;
    }

    /// <summary>Both layouts on the same tasks with the same model.</summary>
    public sealed record Result(ModelConfig Model, LayoutRun Packed, LayoutRun Padded)
    {
        public double TokenRatio => (double)Padded.ProcessedTokens / Packed.ProcessedTokens;
        public double TimeRatio => Padded.Seconds / Packed.Seconds;
    }

    /// <summary>
    /// <paramref name="config"/> in context conditioning: no puzzle ids, the context vocabulary, and room for
    /// <paramref name="seqLen"/> tokens (only learned positions use it as a table size).
    /// </summary>
    public static ModelConfig Context(ModelConfig config, int seqLen) => config with
    {
        Conditioning = Conditioning.Context, PuzzleEmbNdim = 0, VocabSize = ContextVocabulary.Size, SeqLen = seqLen,
    };

    /// <summary>Runs both layouts (packed first) without progress reporting.</summary>
    public static Result Run(IReadOnlyList<ArcTask> tasks, Options options)
    {
        using var model = CreateModel(options);
        var packed = Measure(model, tasks, ContextLayout.Packed, options.Batching, options.Seed);
        var padded = Measure(model, tasks, ContextLayout.Padded, options.Batching, options.Seed);
        return new Result(model.Config, packed, padded);
    }

    /// <summary>The model both layouts share, in evaluation mode.</summary>
    public static ActModel CreateModel(Options options)
    {
        var model = new ActModel(options.Model, (ulong)options.Seed);
        model.eval();
        return model;
    }

    /// <summary>Encodes every task's test sequences (one per test input, all demos as context) in <paramref name="layout"/>.</summary>
    public static IReadOnlyList<ContextSequence> Encode(IReadOnlyList<ArcTask> tasks, ContextLayout layout)
    {
        var encoder = new ContextEncoder(new ContextEncoderOptions { Layout = layout });
        return tasks.SelectMany(t => encoder.EncodeTests(t)).ToArray();
    }

    /// <summary>
    /// Batches for <paramref name="layout"/>. Packed: <see cref="BatchPlanner"/> with <paramref name="batching"/> as is.
    /// Padded: every sequence is a multiple of 1800 tokens, so nothing packs under a row capacity below that; each row
    /// is one sequence and each batch holds sequences of one length only, up to the same token budget. Such a batch needs
    /// no mask: a dense [B, L, L] mask at L ≈ 15k would take B·225 MB, and PAD cells are attended as in HRM.
    /// </summary>
    public static IReadOnlyList<BatchPlan> Plan(IReadOnlyList<ContextSequence> sequences, ContextLayout layout, BatchingOptions batching, int seed)
    {
        var lengths = sequences.Select(s => s.Length).ToArray();
        if (layout == ContextLayout.Packed)
            return BatchPlanner.Plan(lengths, batching, seed);

        var oneLength = batching with { Pack = false };
        var plans = new List<BatchPlan>();
        foreach (var group in Enumerable.Range(0, lengths.Length).GroupBy(i => lengths[i]).OrderByDescending(g => g.Key))
        {
            var members = group.ToArray();
            foreach (var p in BatchPlanner.Plan(members.Select(i => lengths[i]).ToArray(), oneLength, seed))
                plans.Add(new BatchPlan(p.Rows.Select(row => row.Select(r => members[r]).ToArray()).ToArray(), p.Length));
        }
        return plans;
    }

    /// <summary>
    /// Times one layout: encode, plan, then per batch build it, make the tensors and run the model's halt_max_steps
    /// segments under no_grad. <paramref name="progress"/> gets (batches done, batches) after each batch.
    /// </summary>
    public static LayoutRun Measure(ActModel model, IReadOnlyList<ArcTask> tasks, ContextLayout layout, BatchingOptions batching,
                                    int seed, Action<int, int>? progress = null)
    {
        if (model.Config.Conditioning != Conditioning.Context)
            throw new ArgumentException("the benchmark needs a model in context conditioning", nameof(model));
        var taskIndex = tasks.Select((t, i) => (t.Id, i)).ToDictionary(p => p.Id, p => p.i, StringComparer.Ordinal);
        if (taskIndex.Count != tasks.Count) throw new HrmException("the task list has repeated task ids");

        Warm(model, tasks, layout);
        var clock = Stopwatch.StartNew();
        var sequences = Encode(tasks, layout);
        int longest = sequences.Count == 0 ? 0 : sequences.Max(s => s.Length);
        if (longest > model.Config.SeqLen)
            throw new HrmException($"a {layout} sequence has {longest} tokens but the model takes at most seq_len {model.Config.SeqLen}");
        var plans = Plan(sequences, layout, batching, seed);

        var perTask = new double[tasks.Count];
        long processed = 0;
        int masked = 0, longestRow = 0;
        var modelClock = new Stopwatch();
        using (no_grad())
            for (int b = 0; b < plans.Count; b++)
            {
                var batch = ContextBatch.Build(sequences, plans[b]);
                processed += (long)batch.Rows * batch.Length;
                longestRow = Math.Max(longestRow, batch.Length);
                if (batch.NeedsMask) masked++;
                Charge(batch, perTask, taskIndex);

                modelClock.Start();
                Forward(model, batch);
                modelClock.Stop();
                progress?.Invoke(b + 1, plans.Count);
            }
        clock.Stop();

        return new LayoutRun(layout, batching, tasks.Count, sequences.Count, plans.Count, masked, longestRow,
            sequences.Sum(s => (long)s.Length), processed, perTask, clock.Elapsed.TotalSeconds, modelClock.Elapsed.TotalSeconds);
    }

    /// <summary>One batch through every ACT segment (evaluation runs all halt_max_steps); the predictions are read back.</summary>
    private static void Forward(ActModel model, ContextBatch contextBatch)
    {
        using var scope = NewDisposeScope();
        var batch = ContextBatchTensors.ToActBatch(contextBatch);
        var carry = model.InitialCarry(batch);
        Tensor? logits = null;
        for (int step = 0; step < model.Config.HaltMaxSteps; step++)
        {
            var result = model.call(carry, batch);
            (carry, logits) = (result.Carry, result.Outputs.Logits);
        }
        // Reading the argmax back makes the timed work complete even if a backend ran asynchronously.
        _ = logits!.argmax(-1).sum().item<long>();
    }

    /// <summary>
    /// An untimed forward on the layout's shortest sequence, so neither layout pays for first-call kernel selection
    /// and allocator growth inside its timing.
    /// </summary>
    private static void Warm(ActModel model, IReadOnlyList<ArcTask> tasks, ContextLayout layout)
    {
        var encoder = new ContextEncoder(new ContextEncoderOptions { Layout = layout });
        var candidates = tasks.SelectMany(t => t.Test.Select(q => (Task: t, Length: encoder.Length(t.Train, q))));
        if (!candidates.Any()) return;
        var task = candidates.MinBy(c => c.Length).Task;
        var shortest = encoder.EncodeTests(task).MinBy(s => s.Length)!;
        using (no_grad())
            Forward(model, ContextBatch.Build([shortest], new BatchPlan([[0]], shortest.Length)));
    }

    /// <summary>Adds each sequence's tokens to its task, with its row's padding shared in proportion to length.</summary>
    private static void Charge(ContextBatch batch, double[] perTask, Dictionary<string, int> taskIndex)
    {
        var rowTokens = new long[batch.Rows];
        foreach (var s in batch.Segments) rowTokens[s.Row] += s.Length;
        foreach (var s in batch.Segments)
            perTask[taskIndex[s.Sequence.TaskId]] += s.Length * (double)batch.Length / rowTokens[s.Row];
    }

    private static double Median(IReadOnlyList<double> values)
    {
        if (values.Count == 0) return 0;
        var sorted = values.Order().ToArray();
        int mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
