using HrmSharp.Augmentation;
using HrmSharp.Data;
using HrmSharp.Encoding.Context;
using HrmSharp.Modeling;
using HrmSharp.Runtime;
using static TorchSharp.torch;

namespace HrmSharp.Evaluation;

/// <summary>
/// Identity-view scores of in-context answers whose true output is known: the answer's size and its cells are counted
/// apart, so a model that learns the rule but misjudges the size shows up as such.
/// </summary>
public sealed class AnswerTally
{
    public int Answers { get; private set; }
    public int SizeCorrect { get; private set; }
    public int Exact { get; private set; }
    public long TokensRight { get; private set; }
    public long Tokens { get; private set; }
    public long AnswerCellsRight { get; private set; }
    public long AnswerCells { get; private set; }

    public double SizeAccuracy => Answers == 0 ? 0 : (double)SizeCorrect / Answers;
    public double ExactAccuracy => Answers == 0 ? 0 : (double)Exact / Answers;
    /// <summary>Canvas cells (colours and OUTSIDE marks) predicted right.</summary>
    public double TokenAccuracy => Tokens == 0 ? 0 : (double)TokensRight / Tokens;
    /// <summary>Cells inside the true answer whose colour is predicted right (size and OUTSIDE marks aside).</summary>
    public double ColourAccuracy => AnswerCells == 0 ? 0 : (double)AnswerCellsRight / AnswerCells;

    public void Add(AnswerScore score)
    {
        Answers++;
        if (score.SizeCorrect) SizeCorrect++;
        if (score.Exact) Exact++;
        TokensRight += score.TokensRight;
        Tokens += score.Tokens;
        AnswerCellsRight += score.AnswerCellsRight;
        AnswerCells += score.AnswerCells;
    }
}

/// <summary>
/// What <see cref="ContextPredictor.Predict"/> returns: the votes (pass@k, submission), identity-view scores in total and
/// per test input whose answer is known (for <see cref="FamilyBreakdown"/>), the test inputs too long for the model, what
/// test-time training did per task (empty without it) and the seconds spent answering (summed over its chunks).
/// </summary>
public sealed record ContextPrediction(
    ArcEvaluator Evaluator, AnswerTally Identity, IReadOnlyDictionary<(string TaskId, int TestIndex), AnswerScore> IdentityScores,
    IReadOnlyList<SkippedTestInput> Skipped, IReadOnlyList<TttResult> Ttt, double Seconds);

/// <summary>One refinement (ACT) step's answer to one test input, in the task's own frame (for the visual report).</summary>
public sealed record RefinementStep(string TaskId, int TestIndex, int Step, Grid? Grid, double QHaltLogit);

/// <summary>
/// Solves tasks with an in-context model (conditioning = context): every test input is encoded with its task's demos
/// under several augmentations, the model runs every ACT step, each answer is cropped from its canvas, mapped back
/// through the inverse augmentation, and the answers vote (HRM's protocol: votes, then mean sigmoid(q_halt)).
/// Nothing about the tasks needs to have been seen in training. The canvas never depends on a known answer.
/// With <paramref name="ttt"/>, each task is answered by its own copy of the model, fine-tuned on its demos first
/// (an <see cref="ITaskAdapter"/>: test-time training), one task at a time.
/// </summary>
/// <param name="layout">The layout the model was trained in (a checkpoint's data.context_layout).</param>
/// <param name="canvas">The answer canvas rule (<see cref="CanvasRule.Given"/>: the true size, for diagnosis only).</param>
public sealed class ContextPredictor(ActModel model, Device device, int tokensPerBatch = 16384, ITaskAdapter? ttt = null,
    ContextLayout layout = ContextLayout.Packed, CanvasRule canvas = CanvasRule.Max)
{
    /// <summary>Tasks per chunk: the unit of batching, so answers depend only on a chunk's own tasks (and sharding by chunk is exact).</summary>
    public int TasksPerChunk => ChunkSize(ttt is not null);

    /// <summary>Tasks per chunk: 8, or 1 with test-time training (every task has its own weights).</summary>
    public static int ChunkSize(bool adapted) => adapted ? 1 : 8;

    /// <summary>Augmentations per test input (identity first), drawn per task from <paramref name="seed"/>.</summary>
    /// <param name="adapted">Called after each task's test-time training (with <c>ttt</c> only).</param>
    /// <param name="chunks">Sharded evaluation: which chunks to compute and where their outcomes are kept (null: all, none kept).</param>
    public ContextPrediction Predict(IReadOnlyList<ArcTask> tasks, int augmentations, int seed,
        Action<int>? tasksDone = null, List<RefinementStep>? refinements = null, Action<TttResult>? adapted = null,
        ChunkPlan? chunks = null)
    {
        if (model.Config.Conditioning != Conditioning.Context)
            throw new HrmException("this checkpoint conditions on puzzle identifiers; in-context solving needs a model trained with conditioning context");
        var evaluator = new ArcEvaluator(tasks);
        var tally = new AnswerTally();
        var tttResults = new List<TttResult>();
        var scores = new Dictionary<(string, int), AnswerScore>();
        var skipped = new List<SkippedTestInput>();
        double seconds = 0;
        // A few tasks at a time keeps memory flat on the 1000-task sets and lets progress move; with TTT every task has
        // its own weights, so one at a time.
        for (int start = 0, k = 0; start < tasks.Count; start += TasksPerChunk, k++)
        {
            var chunk = tasks.Skip(start).Take(TasksPerChunk).ToList();
            var outcome = chunks?.Load(k);
            if (outcome is null && (chunks is null || chunks.Compute(k)))
            {
                outcome = Compute(chunk, augmentations, seed, refinements is not null);
                chunks?.Save(k, outcome);
                if (outcome.Ttt is { } computed) adapted?.Invoke(computed);
            }
            if (outcome is not null)
            {
                // Replayed in the order they were produced, so the votes (and their ties) come out as in one run.
                foreach (var a in outcome.Answers)
                    evaluator.Add(a.TaskId, a.TestIndex, TaskAugmentation.Identity, a.Grid, a.QHaltLogit);
                foreach (var sc in outcome.Scores)
                {
                    tally.Add(sc.Score);
                    scores[(sc.TaskId, sc.TestIndex)] = sc.Score;
                }
                skipped.AddRange(outcome.Skipped);
                if (outcome.Ttt is { } t) tttResults.Add(t);
                refinements?.AddRange(outcome.Refinements);
                seconds += outcome.Seconds;
            }
            tasksDone?.Invoke(chunk.Count);
        }
        return new ContextPrediction(evaluator, tally, scores, skipped, tttResults, seconds);
    }

    /// <summary>One chunk of tasks, answered: every view of every test input, decoded, in the task's own frame.</summary>
    private ChunkOutcome Compute(List<ArcTask> chunk, int augmentations, int seed, bool withRefinements)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var encoder = new ContextEncoder(new ContextEncoderOptions { Layout = layout, Canvas = canvas, FallbackToFullCanvas = false });
        var sequences = new List<ContextSequence>();
        foreach (var task in chunk)
            foreach (var aug in AugmentationSampler.Sample(task, Math.Max(1, augmentations), seed))
                sequences.AddRange(encoder.EncodeTests(task, aug));
        var outcome = new ChunkOutcome();
        var fitting = Fitting(sequences, outcome);
        TttResult? tuning = null;
        if (ttt is null)
        {
            Run(model, fitting, outcome, withRefinements);
        }
        else
        {
            using var tuned = ttt.Adapt(model, chunk[0]); // disposed before the next task: memory stays flat
            Run(tuned.Model, fitting, outcome, withRefinements);
            tuning = tuned.Result;
        }
        return outcome with { Ttt = tuning, Seconds = clock.Elapsed.TotalSeconds };
    }

    /// <summary>
    /// The sequences the model can take. Rotary positions take any length; learned positions only up to seq_len
    /// (<see cref="ModelConfig.ContextLengthLimit"/>). A longer test input is skipped in every view rather than failing
    /// the whole evaluation: it gets no vote (so its task is unsolved) and, when its answer is known, an all-wrong
    /// identity score. Augmentations never change a sequence's length, so all views of a test input go together.
    /// </summary>
    private List<ContextSequence> Fitting(List<ContextSequence> sequences, ChunkOutcome outcome)
    {
        if (model.Config.ContextLengthLimit is not { } limit) return sequences;
        var kept = new List<ContextSequence>(sequences.Count);
        foreach (var seq in sequences)
        {
            if (seq.Length <= limit)
            {
                kept.Add(seq);
                continue;
            }
            if (!outcome.Skipped.Any(s => s.TaskId == seq.TaskId && s.TestIndex == seq.QueryIndex))
                outcome.Skipped.Add(new SkippedTestInput(seq.TaskId, seq.QueryIndex, seq.Length, limit));
            if (!seq.Augmentation.IsIdentity || seq.Canvas.Answer is null) continue;
            var none = new AnswerScore(SizeCorrect: false, CellsCorrect: false, TokensRight: 0, Tokens: seq.Canvas.Count);
            outcome.Scores.Add(new ChunkScore(seq.TaskId, seq.QueryIndex, none));
        }
        return kept;
    }

    private void Run(ActModel model, List<ContextSequence> sequences, ChunkOutcome outcome, bool withRefinements)
    {
        if (sequences.Count == 0) return;
        var plans = BatchPlanner.Plan(sequences.Select(s => s.Length).ToList(),
            new BatchingOptions { Pack = false, TokensPerBatch = tokensPerBatch, ShuffleBatches = false }, 0);
        bool wasTraining = model.training;
        model.eval();
        try
        {
            using var _ = no_grad();
            foreach (var plan in plans)
            {
                using var quiet = new GcQuietZone(); // see GcQuietZone: TorchSharp's temporary Scalars
                using var scope = NewDisposeScope();
                var batch = ContextBatch.Build(sequences, plan);
                var act = ContextBatchTensors.ToActBatch(batch, device);
                int[] predicted = [];
                float[] q = [];
                ActSegments.Run(model, act, model.Config.HaltMaxSteps, (step, outputs) =>
                {
                    predicted = outputs.Logits.argmax(-1).to(ScalarType.Int32).cpu().data<int>().ToArray();
                    q = outputs.QHaltLogits.to(ScalarType.Float32).cpu().data<float>().ToArray();
                    if (withRefinements)
                        foreach (var d in ContextDecoder.DecodeBatch(batch, predicted))
                            if (d.Segment.Sequence.Augmentation.IsIdentity)
                                outcome.Refinements.Add(new RefinementStep(d.Segment.Sequence.TaskId, d.Segment.Sequence.QueryIndex, step, d.Original, q[d.Segment.Row]));
                });
                foreach (var d in ContextDecoder.DecodeBatch(batch, predicted))
                {
                    var seq = d.Segment.Sequence;
                    outcome.Answers.Add(new ChunkAnswer(seq.TaskId, seq.QueryIndex, d.Original, q[d.Segment.Row]));
                    if (seq.Augmentation.IsIdentity && d.Score is { } score)
                        outcome.Scores.Add(new ChunkScore(seq.TaskId, seq.QueryIndex, score));
                }
            }
        }
        finally
        {
            model.train(wasTraining);
        }
    }
}

/// <summary>One decoded answer of one view, in its task's frame, with the view's q_halt logit.</summary>
public sealed record ChunkAnswer(string TaskId, int TestIndex, Grid? Grid, float QHaltLogit);

/// <summary>The identity view's score of a test input whose answer is known.</summary>
public sealed record ChunkScore(string TaskId, int TestIndex, AnswerScore Score);

/// <summary>
/// Everything one chunk of tasks contributes to an evaluation, in the order it was produced, so that replaying chunks in
/// order gives exactly the result of one run (sharded evaluation keeps one per chunk on disk).
/// </summary>
public sealed record ChunkOutcome
{
    public List<ChunkAnswer> Answers { get; init; } = [];
    public List<ChunkScore> Scores { get; init; } = [];
    public List<SkippedTestInput> Skipped { get; init; } = [];
    public List<RefinementStep> Refinements { get; init; } = [];
    public TttResult? Ttt { get; init; }
    public double Seconds { get; init; }
}

/// <summary>
/// Which chunks a run computes (<see cref="Compute"/>) and where chunk outcomes are kept: <see cref="Load"/> gives a
/// chunk already done (a retried shard, or a merge; null when absent), <see cref="Save"/> keeps a computed one.
/// </summary>
public sealed record ChunkPlan(Func<int, bool> Compute, Func<int, ChunkOutcome?> Load, Action<int, ChunkOutcome> Save);
