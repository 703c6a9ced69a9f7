using HrmSharp.Augmentation;
using HrmSharp.Data;
using HrmSharp.Encoding.Context;
using HrmSharp.Modeling;
using HrmSharp.Runtime;
using HrmSharp.Training;
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
/// test-time training did per task (empty without it) and the wall-clock seconds of the whole call.
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
/// (<see cref="TestTimeTraining"/>), one task at a time.
/// </summary>
/// <param name="layout">The layout the model was trained in (a checkpoint's data.context_layout).</param>
/// <param name="canvas">The answer canvas rule (<see cref="CanvasRule.Given"/>: the true size, for diagnosis only).</param>
public sealed class ContextPredictor(ActModel model, Device device, int tokensPerBatch = 16384, TestTimeTraining? ttt = null,
    ContextLayout layout = ContextLayout.Packed, CanvasRule canvas = CanvasRule.Max)
{
    /// <summary>Augmentations per test input (identity first), drawn per task from <paramref name="seed"/>.</summary>
    /// <param name="adapted">Called after each task's test-time training (with <c>ttt</c> only).</param>
    public ContextPrediction Predict(IReadOnlyList<ArcTask> tasks, int augmentations, int seed,
        Action<int>? tasksDone = null, List<RefinementStep>? refinements = null, Action<TttResult>? adapted = null)
    {
        if (model.Config.Conditioning != Conditioning.Context)
            throw new HrmException("this checkpoint conditions on puzzle identifiers; in-context solving needs a model trained with conditioning context");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var evaluator = new ArcEvaluator(tasks);
        var tally = new AnswerTally();
        var tttResults = new List<TttResult>();
        var scores = new Dictionary<(string, int), AnswerScore>();
        var skipped = new List<SkippedTestInput>();
        var encoder = new ContextEncoder(new ContextEncoderOptions { Layout = layout, Canvas = canvas, FallbackToFullCanvas = false });
        // A few tasks at a time keeps memory flat on the 1000-task sets and lets progress move; with TTT every task has
        // its own weights, so one at a time.
        int tasksPerChunk = ttt is null ? 8 : 1;
        for (int start = 0; start < tasks.Count; start += tasksPerChunk)
        {
            var chunk = tasks.Skip(start).Take(tasksPerChunk).ToList();
            var sequences = new List<ContextSequence>();
            foreach (var task in chunk)
                foreach (var aug in AugmentationSampler.Sample(task, Math.Max(1, augmentations), seed))
                    sequences.AddRange(encoder.EncodeTests(task, aug));
            var fitting = Fitting(sequences, tally, scores, skipped);
            if (ttt is null)
            {
                Run(model, fitting, evaluator, tally, scores, refinements);
            }
            else
            {
                using var tuned = ttt.Adapt(model, chunk[0]); // disposed before the next task: memory stays flat
                Run(tuned.Model, fitting, evaluator, tally, scores, refinements);
                tttResults.Add(tuned.Result);
                adapted?.Invoke(tuned.Result);
            }
            tasksDone?.Invoke(chunk.Count);
        }
        return new ContextPrediction(evaluator, tally, scores, skipped, tttResults, clock.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// The sequences the model can take. Rotary positions take any length; learned positions only up to seq_len
    /// (<see cref="ModelConfig.ContextLengthLimit"/>). A longer test input is skipped in every view rather than failing
    /// the whole evaluation: it gets no vote (so its task is unsolved) and, when its answer is known, an all-wrong
    /// identity score. Augmentations never change a sequence's length, so all views of a test input go together.
    /// </summary>
    private List<ContextSequence> Fitting(List<ContextSequence> sequences, AnswerTally tally,
        Dictionary<(string, int), AnswerScore> scores, List<SkippedTestInput> skipped)
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
            if (!skipped.Any(s => s.TaskId == seq.TaskId && s.TestIndex == seq.QueryIndex))
                skipped.Add(new SkippedTestInput(seq.TaskId, seq.QueryIndex, seq.Length, limit));
            if (!seq.Augmentation.IsIdentity || seq.Canvas.Answer is null) continue;
            var none = new AnswerScore(SizeCorrect: false, CellsCorrect: false, TokensRight: 0, Tokens: seq.Canvas.Count);
            tally.Add(none);
            scores[(seq.TaskId, seq.QueryIndex)] = none;
        }
        return kept;
    }

    private void Run(ActModel model, List<ContextSequence> sequences, ArcEvaluator evaluator, AnswerTally tally,
        Dictionary<(string, int), AnswerScore> scores, List<RefinementStep>? refinements)
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
                var act = Training.ContextBatchTensors.ToActBatch(batch, device);
                var carry = model.InitialCarry(act);
                int[] predicted = [];
                float[] q = [];
                for (int step = 1; step <= model.Config.HaltMaxSteps; step++)
                {
                    var r = model.call(carry, act);
                    carry = r.Carry;
                    predicted = r.Outputs.Logits.argmax(-1).to(ScalarType.Int32).cpu().data<int>().ToArray();
                    q = r.Outputs.QHaltLogits.to(ScalarType.Float32).cpu().data<float>().ToArray();
                    if (refinements is not null)
                        foreach (var d in ContextDecoder.DecodeBatch(batch, predicted))
                            if (d.Segment.Sequence.Augmentation.IsIdentity)
                                refinements.Add(new RefinementStep(d.Segment.Sequence.TaskId, d.Segment.Sequence.QueryIndex, step, d.Original, q[d.Segment.Row]));
                }
                foreach (var d in ContextDecoder.DecodeBatch(batch, predicted))
                {
                    var seq = d.Segment.Sequence;
                    evaluator.Add(seq.TaskId, seq.QueryIndex, TaskAugmentation.Identity, d.Original, q[d.Segment.Row]);
                    if (seq.Augmentation.IsIdentity && d.Score is { } score)
                    {
                        tally.Add(score);
                        scores[(seq.TaskId, seq.QueryIndex)] = score;
                    }
                }
            }
        }
        finally
        {
            model.train(wasTraining);
        }
    }
}
