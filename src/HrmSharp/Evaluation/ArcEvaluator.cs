using HrmSharp.Augmentation;
using HrmSharp.Data;
using HrmSharp.Encoding;

namespace HrmSharp.Evaluation;

/// <summary>
/// The reference ARC evaluation: every augmented version of every test input is predicted; each prediction is cropped
/// at the EOS border, mapped back through the inverse augmentation and votes for its grid; candidates are ranked by
/// votes, then mean sigmoid(q_halt) (<see cref="CandidateVotes"/>); a task passes at k when all its test inputs have the
/// right grid among their top k. A prediction with no valid grid (nothing to crop) casts no vote and is counted as
/// invalid. Independent of the model: it takes decoded token ids or grids and q_halt logits.
/// </summary>
public sealed class ArcEvaluator
{
    /// <summary>TRM's default list of k.</summary>
    public static IReadOnlyList<int> DefaultPassKs { get; } = [1, 2, 5, 10, 100, 1000];

    private readonly ArcTask[] _tasks;
    private readonly Dictionary<string, (ArcTask Task, CandidateVotes[] Votes)> _byId = new(StringComparer.Ordinal);
    private readonly int[] _expectedBuffer = new int[ArcCanvasEncoder.Length];

    /// <param name="tasks">The tasks being evaluated (their test inputs, and outputs where known), reported in ordinal id order.</param>
    public ArcEvaluator(IEnumerable<ArcTask> tasks)
    {
        _tasks = tasks.OrderBy(t => t.Id, StringComparer.Ordinal).ToArray();
        foreach (var t in _tasks)
            if (!_byId.TryAdd(t.Id, (t, t.Test.Select(_ => new CandidateVotes()).ToArray())))
                throw new ArgumentException($"task {t.Id} appears twice");
    }

    public IReadOnlyList<ArcTask> Tasks => _tasks;
    public long Predictions { get; private set; }
    public long InvalidPredictions { get; private set; }

    /// <summary>Token and exact accuracy of the identity-view predictions whose answer is known.</summary>
    public SequenceAccuracy IdentityAccuracy { get; } = new();

    /// <summary>
    /// Adds one prediction made in the frame of <paramref name="augmentation"/> (null = nothing valid was predicted).
    /// </summary>
    public void Add(string taskId, int testIndex, TaskAugmentation augmentation, Grid? predicted, double qHaltLogit)
    {
        var votes = VotesFor(taskId, testIndex);
        Predictions++;
        if (predicted is null)
        {
            InvalidPredictions++;
            return;
        }
        votes.Add(augmentation.Invert(predicted), qHaltLogit);
    }

    /// <summary>
    /// Adds one prediction given as the model's 900 token ids on an untranslated canvas; an identity-view prediction with
    /// a known answer also counts towards <see cref="IdentityAccuracy"/>.
    /// </summary>
    public void Add(string taskId, int testIndex, TaskAugmentation augmentation, ReadOnlySpan<int> predictedTokens, double qHaltLogit)
    {
        Add(taskId, testIndex, augmentation, ArcCanvasEncoder.Decode(predictedTokens), qHaltLogit);
        if (augmentation.IsIdentity && _byId[taskId].Task.Test[testIndex].Output is { } expected)
        {
            ArcCanvasEncoder.Encode(expected, _expectedBuffer, asLabel: true);
            IdentityAccuracy.Add(predictedTokens, _expectedBuffer);
        }
    }

    public void Add(ArcEvaluationExample example, ReadOnlySpan<int> predictedTokens, double qHaltLogit) =>
        Add(example.TaskId, example.TestIndex, example.Augmentation, predictedTokens, qHaltLogit);

    /// <summary>
    /// Adds the real rows of an evaluation batch: row i is <c>examples[batch.First + i]</c>, its predicted ids are row i of
    /// <paramref name="predictedTokens"/> ([Size, SeqLen]) and its logit <c>qHaltLogits[i]</c>.
    /// </summary>
    public void AddBatch(IReadOnlyList<ArcEvaluationExample> examples, PuzzleIdBatch batch, ReadOnlySpan<int> predictedTokens, ReadOnlySpan<float> qHaltLogits)
    {
        if (predictedTokens.Length < batch.ValidCount * batch.SeqLen || qHaltLogits.Length < batch.ValidCount)
            throw new ArgumentException($"need predictions for {batch.ValidCount} rows of {batch.SeqLen} tokens and as many q_halt logits");
        for (int i = 0; i < batch.ValidCount; i++)
            Add(examples[checked((int)batch.First + i)], predictedTokens.Slice(i * batch.SeqLen, batch.SeqLen), qHaltLogits[i]);
    }

    /// <summary>Candidates for one test input, best first.</summary>
    public IReadOnlyList<Candidate> Ranked(string taskId, int testIndex) => VotesFor(taskId, testIndex).Ranked();

    /// <param name="passKs">The k of pass@k (default <see cref="DefaultPassKs"/>).</param>
    /// <param name="reportAttempts">How many top candidates each test input lists in the report.</param>
    public ArcEvaluationResult Result(IReadOnlyList<int>? passKs = null, int reportAttempts = 10)
    {
        passKs ??= DefaultPassKs;
        if (passKs.Any(k => k < 1)) throw new ArgumentException("every k of pass@k must be at least 1");
        ArgumentOutOfRangeException.ThrowIfNegative(reportAttempts);

        var reports = _tasks.Select(task => new ArcTaskReport(task.Id, task.Test.Select((pair, i) =>
        {
            var votes = _byId[task.Id].Votes[i];
            var ranked = votes.Ranked();
            int? rank = null;
            if (pair.Output is { } expected)
                for (int r = 0; r < ranked.Count && rank is null; r++)
                    if (ranked[r].Grid == expected) rank = r + 1;
            return new TestInputReport(i, pair.Output, votes.Predictions, ranked.Count, ranked.Take(reportAttempts).ToArray(), rank);
        }).ToArray())).ToArray();

        var scored = reports.Where(r => r.Scored).ToArray();
        double Rate(Func<ArcTaskReport, double> credit) => scored.Length == 0 ? 0 : scored.Sum(credit) / scored.Length;
        return new ArcEvaluationResult(
            reports.Length,
            scored.Length,
            passKs.Distinct().Order().ToDictionary(k => k, k => Rate(r => r.PassAt(k) ? 1 : 0)),
            passKs.Distinct().Order().ToDictionary(k => k, k => Rate(r => r.FractionAt(k))),
            IdentityAccuracy.TokenAccuracy,
            IdentityAccuracy.ExactAccuracy,
            IdentityAccuracy.Sequences,
            Predictions,
            InvalidPredictions,
            reports);
    }

    /// <summary>
    /// The ARC Prize submission: for each test input the top two candidates; with one candidate it is given twice, with
    /// none a 1×1 black grid twice (every test input needs an entry).
    /// </summary>
    public Submission Submission() =>
        new(_tasks.Select(task => KeyValuePair.Create(task.Id, (IReadOnlyList<SubmissionAttempts>)_byId[task.Id].Votes.Select(v =>
        {
            var ranked = v.Ranked();
            var first = ranked.Count > 0 ? ranked[0].Grid : Grid.Filled(1, 1, 0);
            return new SubmissionAttempts(first, ranked.Count > 1 ? ranked[1].Grid : first);
        }).ToArray())));

    private CandidateVotes VotesFor(string taskId, int testIndex)
    {
        if (!_byId.TryGetValue(taskId, out var entry)) throw new ArgumentException($"task {taskId} is not being evaluated");
        if (testIndex < 0 || testIndex >= entry.Votes.Length)
            throw new ArgumentOutOfRangeException(nameof(testIndex), testIndex, $"task {taskId} has {entry.Votes.Length} test input(s)");
        return entry.Votes[testIndex];
    }
}
