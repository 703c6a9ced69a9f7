using System.Diagnostics;
using HrmSharp.Distributed;
using HrmSharp.Modeling;
using HrmSharp.Runtime;
using HrmSharp.Training.Data;
using HrmSharp.Training.Optimizers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HrmSharp.Training;

/// <summary>
/// The training loop, in nanoGPT's order and with the reference's semantics (sapientinc/HRM pretrain.py):
/// <code>
/// loop:  evaluate / checkpoint when due
///        batch = data(step)                      a pure function of the step
///        carry, loss = ActLossHead(carry, batch)  the carry persists across batches; halted rows take new examples
///        (loss / batch_size).backward()
///        puzzle rows: sparse sign-SGD; weights: AdamATan2 (both at the scheduled rate of step + 1)
///        EMA update; metrics (sums / count, losses / batch_size) to metrics.jsonl
/// </code>
/// Checkpoints hold everything the next step depends on (weights, optimiser moments, carry, exploration RNG, step),
/// so a resumed run continues bit for bit.
/// </summary>
public sealed class Trainer : IDisposable
{
    private readonly TrainingDataSet _data;
    private readonly ActLossHead _head;
    private readonly OptimizerHelper _dense;
    private readonly SparseSignSgd? _sparse;
    private readonly Ema? _ema;
    private readonly LearningRateSchedule _schedule;
    private readonly BatchStreams? _streams;
    private readonly IDistributed _world;
    private ActCarry? _carry;

    /// <param name="config">An effective config (see <see cref="Effective"/>): data-dependent model fields filled in.</param>
    /// <param name="world">The data-parallel job this process is part of (default: a single process).</param>
    public Trainer(TrainConfig config, TrainingDataSet data, IDistributed? world = null)
    {
        config.Validate();
        CheckMatchesData(config, data.Train);
        Config = config;
        _data = data;
        _world = world ?? new SingleProcess();
        if (_world.Size > 1 && config.Model.NumPuzzleIdentifiers > 1 << 24)
            throw new HrmException($"data-parallel training sends puzzle identifiers as float32, exact up to {1 << 24}; this run has {config.Model.NumPuzzleIdentifiers}");
        Device = DeviceSetup.Device(config.Device);
        int threads = DeviceSetup.SetThreads(config.Threads);
        int streams = config.Streams > 0 ? config.Streams : Device.type == DeviceType.CPU && threads >= 2 ? 2 : 1;
        if (streams > 1)
            _streams = new BatchStreams(streams, Math.Max(1, threads / streams));

        Model = new ActModel(config.Model, (ulong)config.Seed);
        Model.to(Device);
        Model.train();
        // Every rank starts from rank 0's weights: the same seed gives the same ones, and this makes it a fact.
        TensorCollectives.BroadcastFromRoot(_world, [.. ModelWeights.Named(Model).Select(kv => kv.Value).Where(t => t.is_floating_point())]);
        _head = new ActLossHead(Model);
        var opt = config.Optimizer;
        _dense = OptimizerFactory.Create(opt.Kind, Model.named_parameters().Select(p => (p.name, p.parameter)), opt.Settings, opt.DecayMatricesOnly);
        if (Model.PuzzleEmbedding is not null)
            _sparse = new SparseSignSgd(opt.PuzzleEmbLr, opt.PuzzleEmbWeightDecay);
        if (config.Ema.Enabled)
            _ema = new Ema(Model, config.Ema.Decay);
        _schedule = new LearningRateSchedule(opt.WarmupSteps, config.Steps, opt.LrMinRatio);
    }

    public TrainConfig Config { get; }
    public IDistributed World => _world;
    public ActModel Model { get; }
    public Device Device { get; }
    public OptimizerHelper Optimizer => _dense;
    public Ema? Ema => _ema;
    public ActCarry? Carry => _carry;

    /// <summary>Row slices each training batch runs in at once (1 = the whole batch on this thread).</summary>
    public int Streams => _streams?.Count ?? 1;
    public TrainingDataSet Data => _data;

    /// <summary>Optimiser steps done.</summary>
    public long Step { get; private set; }

    /// <summary>Wall-clock seconds of earlier parts of this run (restored from a checkpoint).</summary>
    public double ElapsedBefore { get; private set; }

    /// <summary>
    /// The config a run actually uses: dtype resolved for this machine (auto → float32 or bfloat16) and written into
    /// the model section, and the model's vocab_size, seq_len and num_puzzle_identifiers taken from the data.
    /// </summary>
    public static TrainConfig Effective(TrainConfig config, ITrainingData data)
    {
        var dtype = DeviceSetup.Resolve(config.DType, config.Device);
        return config with
        {
            DType = DeviceSetup.ToChoice(dtype),
            Model = data.Episodic
                ? config.Model with // in context: no puzzle identifiers; seq_len is the longest sequence
                {
                    ForwardDtype = dtype, Conditioning = Conditioning.Context, VocabSize = data.VocabSize, SeqLen = data.SeqLen,
                    PuzzleEmbNdim = 0, PuzzleEmbLen = 0, NumPuzzleIdentifiers = 1,
                }
                : config.Model with
                {
                    ForwardDtype = dtype,
                    VocabSize = data.VocabSize,
                    SeqLen = data.SeqLen,
                    NumPuzzleIdentifiers = data.NumPuzzleIdentifiers,
                },
        };
    }

    private static void CheckMatchesData(TrainConfig config, ITrainingData data)
    {
        var m = config.Model;
        if (m.SeqLen != data.SeqLen || m.VocabSize != data.VocabSize || m.NumPuzzleIdentifiers != data.NumPuzzleIdentifiers)
            throw new HrmException(
                $"the model is configured for seq_len {m.SeqLen}, vocab_size {m.VocabSize}, num_puzzle_identifiers {m.NumPuzzleIdentifiers} " +
                $"but the data has {data.SeqLen}, {data.VocabSize}, {data.NumPuzzleIdentifiers} ({data.Description})");
    }

    /// <summary>Tokens one segment processes: batch × (puzzle positions + sequence); in context, the last batch's B·L.</summary>
    public long TokensPerStep => _lastTokens > 0 ? _lastTokens : (long)Config.BatchSize * Config.Model.TotalSeqLen;
    private long _lastTokens;
    private long _lastRows; // rows of the whole batch the carry belongs to (every rank's share together)

    /// <summary>The batch of the current step: from the fixed-shape sampler, or the current episode's in-context batch.</summary>
    private ActBatch CurrentBatch()
    {
        if (!_data.Train.Episodic)
            return _data.Train.Batch(Step, Config.BatchSize, Device);
        // A new episode starts from a fresh carry: its batch has its own length.
        if (Episodes.Starts(Step))
        {
            _carry?.Dispose();
            _carry = null;
        }
        return _data.Train.Batch(Episodes.Of(Step), Config.BatchSize, Device);
    }

    /// <summary>Episodic data (in context): each batch gets halt_max_steps segments from a fresh carry.</summary>
    public Episodes Episodes => new(Config.Model.HaltMaxSteps);

    /// <summary>
    /// Trains until the step or time budget is used up (or <paramref name="cancel"/> fires), evaluating and checkpointing
    /// when due; at the end writes a checkpoint and, unless cancelled, evaluates into the run's eval/ folder.
    /// </summary>
    public TrainResult Run(RunFolder folder, ITrainingMonitor monitor, CancellationToken cancel = default)
    {
        // Data parallel: rank 0 alone writes metrics, checkpoints and evaluations, and decides when to stop.
        using var log = _world.IsRoot ? new MetricsLog(folder.MetricsPath, keepUpToStep: Step > 0 ? Step : null) : null;
        var clock = Stopwatch.StartNew();
        double Elapsed() => ElapsedBefore + clock.Elapsed.TotalSeconds;
        long lastCheckpoint = Step, lastEval = -1;
        EvalResult? lastResult = null;

        void Evaluate(string? outDir)
        {
            lastEval = Step;
            if (_data.Eval is null || !_world.IsRoot) return;
            lastResult = RunEvaluation(outDir);
            log!.Eval(Step, Elapsed(), lastResult.Summary);
            monitor.Evaluated(Step, lastResult);
        }

        void Checkpointed(string? saved)
        {
            lastCheckpoint = Step;
            if (saved is not null) monitor.Checkpointed(saved);
        }

        while (Continue(!BudgetUsed(Elapsed()) && !cancel.IsCancellationRequested))
        {
            if (Config.EvalInterval > 0 && Step > 0 && Step % Config.EvalInterval == 0 && lastEval != Step)
                Evaluate(null);
            if (Config.CheckpointEvery > 0 && Step > lastCheckpoint && Step % Config.CheckpointEvery == 0)
                Checkpointed(SaveCheckpoint(folder, Elapsed()));

            var metrics = TrainStep(Elapsed);
            if (metrics.Step % Config.LogEvery == 0)
                log?.Train(metrics);
            monitor.Step(metrics, Fraction(Elapsed()));
        }

        if (Step > lastCheckpoint)
            Checkpointed(SaveCheckpoint(folder, Elapsed()));
        if (cancel.IsCancellationRequested)
            monitor.Info($"stopped at step {Step}: checkpoint written; continue with --resume, or evaluate it with hrm eval");
        else
            Evaluate(folder.EvalDir);
        return new TrainResult(Step, Elapsed(), lastResult);
    }

    /// <summary>Rank 0's decision for the whole job (clocks and Ctrl+C differ between processes; every rank must take the same steps).</summary>
    private bool Continue(bool mine)
    {
        if (_world.Size == 1) return mine;
        Span<float> decision = [mine ? 1 : 0];
        _world.Broadcast(decision);
        return decision[0] != 0;
    }

    private bool BudgetUsed(double elapsed) => Config.BudgetReached(Step, elapsed);

    private double Fraction(double elapsed)
    {
        double f = 0;
        if (Config.Steps > 0) f = Math.Max(f, (double)Step / Config.Steps);
        if (Config.Minutes > 0) f = Math.Max(f, elapsed / (Config.Minutes * 60));
        return Math.Clamp(f, 0, 1);
    }

    /// <summary>One optimiser step on the batch of the current step.</summary>
    public StepMetrics TrainStep(Func<double>? elapsed = null)
    {
        var clock = Stopwatch.StartNew();
        long stepNumber = Step + 1; // the reference counts the step before computing its rate
        double? budgetFraction = Config.Minutes > 0 && elapsed is not null ? elapsed() / (Config.Minutes * 60) : null;
        double lr = _schedule.At(Config.Optimizer.Lr, stepNumber, budgetFraction);
        double puzzleLr = _schedule.At(Config.Optimizer.PuzzleEmbLr, stepNumber, budgetFraction);
        MetricSums values;
        double dataSeconds;
        long rows;

        using (new GcQuietZone())
        using (var scope = NewDisposeScope())
        {
            var batch = CurrentBatch();
            rows = _lastRows = batch.BatchSize;
            _lastTokens = batch.Inputs.numel() + rows * Config.Model.PuzzleTokens;
            dataSeconds = clock.Elapsed.TotalSeconds;
            // Data parallel: every rank has the whole batch and takes its share of the rows (the carry holds only those).
            var (start, length) = Share(rows);
            var local = length == rows ? batch : batch.Rows(start, length);
            if (_carry is null)
            {
                _carry = _head.InitialCarry(local); // every row halted: the first segment takes every row from the batch
                scope.MoveToOuter(_carry.Tensors());
            }
            // Exploration draws are made for the whole batch on every rank, so a row's draw does not depend on the split.
            var minSteps = Model.DrawMinSteps(rows)?.narrow(0, start, length);
            var (newCarry, metrics, puzzleGrad) = _streams is { } streams && length % streams.Count == 0
                ? ForwardBackwardInStreams(streams, local, rows, minSteps, scope)
                : ForwardBackward(local, rows, minSteps);
            values = metrics;
            if (_world.Size > 1)
            {
                // The loss was scaled by the whole batch's rows, so the sum over ranks is the whole batch's gradient.
                TensorCollectives.SumInPlace(_world, [.. Model.parameters().Select(p => p.grad).OfType<Tensor>()]);
                var sums = values.ToArray();
                _world.SumInPlace(sums);
                values = MetricSums.FromArray(sums);
                if (puzzleGrad is var (grad, ids))
                    puzzleGrad = (TensorCollectives.AssembleRows(_world, grad, start, rows), TensorCollectives.AssembleRows(_world, ids, start, rows));
            }

            if (_sparse is not null && puzzleGrad is var (localGrad, localIds))
            {
                _sparse.LearningRate = puzzleLr;
                _sparse.Step(Model.PuzzleEmbedding!.Weights, localGrad, localIds);
            }
            if (Config.Optimizer.GradClip > 0)
                nn.utils.clip_grad_norm_(Model.parameters(), Config.Optimizer.GradClip);
            _dense.SetLearningRate(lr);
            _dense.step();
            _dense.zero_grad();
            _ema?.Update(Model);

            var old = _carry;
            _carry = newCarry;
            scope.MoveToOuter(_carry.Tensors());
            old.Dispose();
        }
        Step = stepNumber;

        double count = Math.Max(values.Count, 1);
        double b = rows;
        double seconds = clock.Elapsed.TotalSeconds;
        return new StepMetrics
        {
            Step = Step,
            Lr = lr,
            PuzzleEmbLr = _sparse is null ? 0 : puzzleLr,
            Loss = values.Loss / b,
            LmLoss = values.LmLoss / b,
            QHaltLoss = values.QHaltLoss / b,
            QContinueLoss = values.QContinueLoss / b,
            Accuracy = values.Accuracy / count,
            ExactAccuracy = values.ExactAccuracy / count,
            QHaltAccuracy = values.QHaltAccuracy / count,
            Steps = values.Steps / count,
            Count = values.Count,
            StepSeconds = seconds,
            DataSeconds = dataSeconds,
            TokensPerSecond = TokensPerStep / seconds,
            ElapsedSeconds = elapsed?.Invoke() ?? 0,
        };
    }

    /// <summary>This rank's rows of the current step: [start, start + length), the whole batch in a single process.</summary>
    private (long Start, long Length) Share(long rows)
    {
        long start = rows * _world.Rank / _world.Size, end = rows * (_world.Rank + 1) / _world.Size;
        return (start, end - start);
    }

    /// <summary>
    /// The segment, its loss (scaled by the whole batch's <paramref name="totalRows"/>) and backward over this process's
    /// rows: the next carry, metric sums, puzzle-row gradient and ids.
    /// </summary>
    private (ActCarry Carry, MetricSums Metrics, (Tensor Grad, Tensor Ids)? PuzzleGrad) ForwardBackward(ActBatch batch, long totalRows, Tensor? minSteps)
    {
        var (carry, metrics) = SegmentStep.ForwardBackward(_head, _carry!, batch, totalRows, minSteps);
        var grad = Model.PuzzleEmbedding?.LocalWeights?.grad;
        return (carry, metrics, grad is null ? null : (grad, Model.PuzzleEmbedding!.LocalIds!));
    }

    /// <summary>
    /// The same in equal row slices, one per stream, at once. Each slice's backward adds into the shared gradients: with
    /// two streams that is two addends per parameter, whose sum does not depend on which thread finishes first, so a
    /// run stays reproducible. Exploration draws are made for the whole batch first, so they match the unsplit step.
    /// </summary>
    private (ActCarry Carry, MetricSums Metrics, (Tensor Grad, Tensor Ids)? PuzzleGrad) ForwardBackwardInStreams(
        BatchStreams streams, ActBatch batch, long totalRows, Tensor? minSteps, DisposeScope scope)
    {
        var carry = _carry!;
        long part = batch.BatchSize / streams.Count;
        var slices = streams.Run(i =>
        {
            using var workerScope = NewDisposeScope(); // dispose scopes are per thread
            long start = i * part;
            var (next, values) = SegmentStep.ForwardBackward(_head, carry.Rows(start, part), batch.Rows(start, part), totalRows, minSteps?.narrow(0, start, part));
            var grad = Model.PuzzleEmbedding?.LocalWeights?.grad;
            Tensor[] keep = grad is null
                ? [.. next.Tensors()]
                : [.. next.Tensors(), grad, Model.PuzzleEmbedding!.LocalIds!.alias()];
            foreach (var t in keep)
                t.DetachFromDisposeScope();
            return (Carry: next, values, Grad: grad, Ids: grad is null ? null : keep[^1]);
        });
        // Back on this thread: own the slices' tensors here, then join them in row order.
        foreach (var s in slices)
        {
            scope.Attach(s.Carry.Tensors());
            if (s.Grad is not null) scope.Attach(s.Grad, s.Ids!);
        }
        var newCarry = ActCarry.Cat(slices.Select(s => s.Carry).ToArray());
        foreach (var s in slices)
            s.Carry.Dispose();
        var metrics = slices.Select(s => s.values).Aggregate((a, b) => a + b);
        (Tensor, Tensor)? puzzleGrad = slices[0].Grad is null
            ? null
            : (cat(slices.Select(s => s.Grad!).ToArray(), 0), cat(slices.Select(s => s.Ids!).ToArray(), 0));
        return (newCarry, metrics, puzzleGrad);
    }

    /// <summary>Evaluates on the held-out set (with the EMA weights when on); writes the report files when <paramref name="outDir"/> is given.</summary>
    public EvalResult RunEvaluation(string? outDir = null)
    {
        if (_data.Eval is null) throw new InvalidOperationException("this run has no evaluation set");
        int batchSize = Config.EvalBatchSize > 0 ? Config.EvalBatchSize : Config.BatchSize;
        using var swap = _ema?.Swap(Model);
        return EvalRunner.Evaluate(Model, _data.Eval, batchSize, Device, outDir);
    }

    /// <summary>
    /// Writes a checkpoint of the current state and returns its folder. Data parallel: every rank calls it (the carry's
    /// rows are assembled from all of them), rank 0 writes and returns the folder, the others return null.
    /// </summary>
    public string? SaveCheckpoint(RunFolder folder, double elapsedSeconds)
    {
        string? saved = null;
        var carry = WholeCarry();
        try
        {
            if (_world.IsRoot)
                saved = Checkpoint.Save(folder.CheckpointsDir, this, carry, elapsedSeconds, Config.KeepCheckpoints);
        }
        finally
        {
            if (!ReferenceEquals(carry, _carry)) carry?.Dispose();
        }
        _world.Barrier(); // no rank reads or replaces the checkpoint before it is complete
        VerifyReplicas();
        // Saving allocates hundreds of MB of managed buffers; collect and finalize now, while no libtorch call is in
        // flight, rather than during the next step (both runs that died of TorchSharp's unrooted Scalars, see
        // GcQuietZone, died in the first forward after a checkpoint).
        GC.Collect();
        GC.WaitForPendingFinalizers();
        return saved;
    }

    /// <summary>
    /// Data parallel: checks that every rank holds the same weights (a float64 sum and sum of squares of every parameter,
    /// compared exactly). Every rank applies the same summed gradients, so any difference is a bug, and training on
    /// would silently average diverged models: it ends the job instead.
    /// </summary>
    public void VerifyReplicas()
    {
        if (_world.Size == 1) return;
        double sum = 0, squares = 0;
        using (no_grad())
            foreach (var p in Model.parameters())
            {
                using var d = p.detach().to(ScalarType.Float64);
                sum += d.sum().item<double>();
                squares += d.square().sum().item<double>();
            }
        var all = new double[2 * _world.Size];
        (all[2 * _world.Rank], all[2 * _world.Rank + 1]) = (sum, squares);
        _world.SumInPlace(all);
        for (int r = 1; r < _world.Size; r++)
            if (all[2 * r] != all[0] || all[2 * r + 1] != all[1])
                throw new InvalidOperationException($"data-parallel replicas differ at step {Step}: rank {r}'s weights sum to {all[2 * r]:R} " +
                                                    $"(squares {all[2 * r + 1]:R}), rank 0's to {all[0]:R} ({all[1]:R})");
    }

    /// <summary>The carry of every row of the batch: this process's own, or (data parallel) every rank's rows assembled.</summary>
    private ActCarry? WholeCarry()
    {
        if (_carry is null || _world.Size == 1) return _carry;
        long rows = _lastRows; // a carry exists only after a step (or a restore), which set it
        var (start, _) = Share(rows);
        Tensor All(Tensor t) => TensorCollectives.AssembleRows(_world, t, start, rows);
        var c = _carry;
        return new ActCarry(All(c.ZH), All(c.ZL), All(c.Steps), All(c.Halted),
            new ActBatch(All(c.CurrentData.Inputs), All(c.CurrentData.Labels), All(c.CurrentData.PuzzleIdentifiers)));
    }

    /// <summary>A warm start from another run's weights (<see cref="TrainConfig.InitFrom"/>); step, optimiser and schedule stay fresh.</summary>
    public CheckpointInfo InitialiseFrom(string path)
    {
        var info = Checkpoint.InitialiseWeights(path, Model);
        _ema?.LoadState(Model.named_parameters().ToDictionary(p => p.name, p => (Tensor)p.parameter));
        return info;
    }

    /// <summary>Restores a checkpoint written by a run with the same config (budgets aside).</summary>
    public void Restore(string checkpointFolder)
    {
        var state = Checkpoint.Restore(checkpointFolder, this);
        _carry?.Dispose();
        _carry = _world.Size > 1 && state.Carry is { } whole ? OwnRows(whole) : state.Carry;
        Step = state.Step;
        ElapsedBefore = state.ElapsedSeconds;
    }

    /// <summary>The run folder's writer lock while this trainer writes into it (taken by <see cref="RunSetup"/>), released on dispose.</summary>
    internal RunLock? FolderLock { get; set; }

    /// <summary>This rank's rows of a whole-batch carry (as copies; the whole one is disposed).</summary>
    private ActCarry OwnRows(ActCarry whole)
    {
        _lastRows = whole.Halted.shape[0];
        var (start, length) = Share(_lastRows);
        using (whole)
        {
            var part = whole.Rows(start, length);
            return new ActCarry(part.ZH.clone(), part.ZL.clone(), part.Steps.clone(), part.Halted.clone(), ActBatch.Cat([part.CurrentData]));
        }
    }

    public void Dispose()
    {
        FolderLock?.Dispose();
        _streams?.Dispose();
        _carry?.Dispose();
        _ema?.Dispose();
        _dense.Dispose();
        Model.Dispose();
    }
}

/// <summary>How a run ended: steps done, wall-clock seconds (resumed parts included), the final evaluation if any.</summary>
public sealed record TrainResult(long Steps, double ElapsedSeconds, EvalResult? FinalEval);
