using System.Diagnostics;
using HrmSharp.Data;
using HrmSharp.Encoding.Context;
using HrmSharp.Modeling;
using static TorchSharp.torch;

namespace HrmSharp.Benchmarks;

/// <summary>
/// `hrm bench context`: the same model, in evaluation mode, over every task's test sequences in the packed
/// layout (grids at their real size, rows planned by <see cref="BatchPlanner"/>) and in the padded one (every grid on
/// 30×30, HRM's layout). Counts the tokens each layout processes (padding included) and times it, end to end: encoding,
/// planning, batch building, tensors and masks, and the forward segments (one per ACT step).
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
        public double MedianTokensPerTask => Statistics.Median(TokensPerTask);
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

    /// <summary>
    /// Runs both layouts with one model, interleaved: the next batch always comes from the layout that has done the
    /// smaller share of its planned tokens, so both see the same machine load over the run (the 2-core machine is shared,
    /// and one layout timed alone during a busy spell would skew the ratio). A layout's time is the sum of its own
    /// batches' times plus its encoding and planning. <paramref name="progress"/> gets (batches done, batches) of both.
    /// </summary>
    public static Result Run(IReadOnlyList<ArcTask> tasks, Options options, Action<int, int>? progress = null)
    {
        var taskIndex = tasks.Select((t, i) => (t.Id, i)).ToDictionary(p => p.Id, p => p.i, StringComparer.Ordinal);
        if (taskIndex.Count != tasks.Count) throw new HrmException("the task list has repeated task ids");
        using var model = CreateModel(options);
        Warm(model, tasks, ContextLayout.Packed);
        Warm(model, tasks, ContextLayout.Padded);
        var packed = new LayoutWork(model, tasks, taskIndex, ContextLayout.Packed, options);
        var padded = new LayoutWork(model, tasks, taskIndex, ContextLayout.Padded, options);

        int total = packed.Plans.Count + padded.Plans.Count;
        using (no_grad())
            for (int done = 1; !(packed.Finished && padded.Finished); done++)
            {
                (padded.Finished || (!packed.Finished && packed.Share <= padded.Share) ? packed : padded).RunNext();
                progress?.Invoke(done, total);
            }
        return new Result(model.Config, packed.Result(), padded.Result());
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

    /// <summary>One batch through every ACT segment (evaluation runs all halt_max_steps); the predictions are read back.</summary>
    private static void Forward(ActModel model, ContextBatch contextBatch)
    {
        using var scope = NewDisposeScope();
        var batch = ContextBatchTensors.ToActBatch(contextBatch);
        var outputs = ActSegments.Run(model, batch, model.Config.HaltMaxSteps);
        // Reading the argmax back makes the timed work complete even if a backend ran asynchronously.
        _ = outputs.Logits.argmax(-1).sum().item<long>();
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

    /// <summary>One layout's sequences, batches and running totals while <see cref="Run"/> interleaves the two.</summary>
    private sealed class LayoutWork
    {
        private readonly ActModel _model;
        private readonly IReadOnlyList<ArcTask> _tasks;
        private readonly Dictionary<string, int> _taskIndex;
        private readonly ContextLayout _layout;
        private readonly BatchingOptions _batching;
        private readonly IReadOnlyList<ContextSequence> _sequences;
        private readonly double[] _perTask;
        private readonly long _plannedTokens;
        private readonly Stopwatch _clock = new(), _modelClock = new();
        private long _processed;
        private int _next, _masked, _longestRow;

        /// <summary>Encodes and plans, on this layout's clock.</summary>
        public LayoutWork(ActModel model, IReadOnlyList<ArcTask> tasks, Dictionary<string, int> taskIndex, ContextLayout layout, Options options)
        {
            (_model, _tasks, _taskIndex, _layout, _batching) = (model, tasks, taskIndex, layout, options.Batching);
            _perTask = new double[tasks.Count];
            _clock.Start();
            _sequences = Encode(tasks, layout);
            int longest = _sequences.Count == 0 ? 0 : _sequences.Max(s => s.Length);
            if (longest > model.Config.SeqLen)
                throw new HrmException($"a {OptionValue.Name(layout)} sequence has {longest} tokens but the model takes at most seq_len {model.Config.SeqLen}");
            Plans = Plan(_sequences, layout, options.Batching, options.Seed);
            _clock.Stop();
            _plannedTokens = Plans.Sum(p => p.Tokens);
        }

        public IReadOnlyList<BatchPlan> Plans { get; }
        public bool Finished => _next == Plans.Count;
        /// <summary>Share of the planned tokens processed so far.</summary>
        public double Share => _plannedTokens == 0 ? 1 : (double)_processed / _plannedTokens;

        /// <summary>Builds the next batch, makes its tensors and runs the model on it.</summary>
        public void RunNext()
        {
            _clock.Start();
            var batch = ContextBatch.Build(_sequences, Plans[_next++]);
            _processed += (long)batch.Rows * batch.Length;
            _longestRow = Math.Max(_longestRow, batch.Length);
            if (batch.NeedsMask) _masked++;
            Charge(batch);
            _modelClock.Start();
            Forward(_model, batch);
            _modelClock.Stop();
            _clock.Stop();
        }

        public LayoutRun Result() => new(_layout, _batching, _tasks.Count, _sequences.Count, Plans.Count, _masked, _longestRow,
            _sequences.Sum(s => (long)s.Length), _processed, _perTask, _clock.Elapsed.TotalSeconds, _modelClock.Elapsed.TotalSeconds);

        /// <summary>Adds each sequence's tokens to its task, with its row's padding shared in proportion to length.</summary>
        private void Charge(ContextBatch batch)
        {
            var rowTokens = new long[batch.Rows];
            foreach (var s in batch.Segments) rowTokens[s.Row] += s.Length;
            foreach (var s in batch.Segments)
                _perTask[_taskIndex[s.Sequence.TaskId]] += s.Length * (double)batch.Length / rowTokens[s.Row];
        }
    }
}
