using HrmSharp.Augmentation;
using HrmSharp.Data;

namespace HrmSharp.Encoding;

/// <summary>
/// The reference ARC protocol (sapientinc/HRM build_arc_dataset.py), built on the fly:
/// <list type="bullet">
/// <item>every task gets the identity and up to N distinct augmentations (<see cref="AugmentationSampler"/>: random
/// dihedral transform + permutation of colours 1–9, de-duplicated, seeded per task), each with its own puzzle identifier;</item>
/// <item>training: for a training task every pair (demos and test pairs), for an evaluation task its demos only, each
/// augmented version being one variant of the task's group. The evaluation tasks' demos are therefore seen in training,
/// under the same identifiers as their test inputs: the model learns each evaluation task's embedding from its demos;</item>
/// <item>evaluation: every test input of every evaluation task under every augmentation, untranslated.</item>
/// </list>
/// Training examples are translated at random (one example per drawn variant is left at the top-left, as the reference
/// leaves one per puzzle).
/// </summary>
public sealed class ArcPuzzleIdDataset : IPuzzleIdDataset
{
    private readonly ArcTask[] _tasks;
    private readonly bool[] _isEvaluation;
    private readonly IReadOnlyList<TaskAugmentation>[] _augmentations;
    private readonly int[][] _puzzleIds;           // [task][augmentation]
    private readonly Group[] _groups;
    private readonly ArcEvaluationExample[] _evaluation;

    private sealed record Group(int TaskIndex, Pair[] Pairs, (bool IsTest, int Index)[] Origins);

    private ArcPuzzleIdDataset(ArcTask[] tasks, bool[] isEvaluation, IReadOnlyList<TaskAugmentation>[] augmentations, PuzzleIdTable ids)
    {
        _tasks = tasks;
        _isEvaluation = isEvaluation;
        _augmentations = augmentations;
        PuzzleIds = ids;

        _puzzleIds = new int[tasks.Length][];
        for (int t = 0; t < tasks.Length; t++)
        {
            _puzzleIds[t] = new int[augmentations[t].Count];
            for (int a = 0; a < augmentations[t].Count; a++) _puzzleIds[t][a] = ids.GetId(tasks[t].Id, augmentations[t][a]);
        }

        var groups = new List<Group>();
        var evaluation = new List<ArcEvaluationExample>();
        for (int t = 0; t < tasks.Length; t++)
        {
            var task = tasks[t];
            var origins = new List<(bool IsTest, int Index)>();
            for (int i = 0; i < task.Train.Count; i++) origins.Add((false, i));
            if (!isEvaluation[t])
                for (int i = 0; i < task.Test.Count; i++)
                    if (task.Test[i].Output is not null) origins.Add((true, i)); // an unanswered test pair cannot be trained on
            if (origins.Count > 0)
                groups.Add(new Group(t, origins.Select(o => o.IsTest ? task.Test[o.Index] : task.Train[o.Index]).ToArray(), origins.ToArray()));
            if (isEvaluation[t])
                for (int a = 0; a < augmentations[t].Count; a++)
                    for (int i = 0; i < task.Test.Count; i++)
                        evaluation.Add(new ArcEvaluationExample(t, task.Id, i, augmentations[t][a], _puzzleIds[t][a]));
        }
        _groups = groups.ToArray();
        _evaluation = evaluation.ToArray();
    }

    /// <summary>
    /// Builds the dataset. <paramref name="augmentations"/> is the number of augmented versions wanted beyond the original
    /// (the reference's num_aug; 1000 for its ARC runs); tasks with fewer distinct versions get fewer. Task ids must be
    /// unique across both lists. Sampling is the slow part (≈ 1 min for ARC-1 at 1000 on 2 cores, under 1 s at 30); a checkpoint's
    /// table rebuilds the same dataset without sampling (<see cref="FromTable"/>).
    /// </summary>
    public static ArcPuzzleIdDataset Build(IReadOnlyList<ArcTask> training, IReadOnlyList<ArcTask> evaluation, int augmentations, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(augmentations);
        var (tasks, isEval) = Combine(training, evaluation);
        // Each task's draw depends only on (seed, task id), so the parallel loop is deterministic.
        var augs = new IReadOnlyList<TaskAugmentation>[tasks.Length];
        Parallel.For(0, tasks.Length, i => augs[i] = AugmentationSampler.Sample(tasks[i], augmentations + 1, seed));
        return new ArcPuzzleIdDataset(tasks, isEval, augs, PuzzleIdTable.Build(tasks.Select((t, i) => (t.Id, augs[i]))));
    }

    /// <summary>
    /// Rebuilds a dataset from a saved identifier table (a checkpoint's): each task gets exactly the augmentations the
    /// table lists for it, under the same identifiers. A task the table does not know is an error (its embedding was
    /// never trained); tasks only in the table are ignored (evaluating on a subset).
    /// </summary>
    public static ArcPuzzleIdDataset FromTable(IReadOnlyList<ArcTask> training, IReadOnlyList<ArcTask> evaluation, PuzzleIdTable puzzleIds)
    {
        var (tasks, isEval) = Combine(training, evaluation);
        var listed = puzzleIds.Entries.GroupBy(e => e.TaskId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<TaskAugmentation>)g.Select(e => e.Augmentation).ToArray(), StringComparer.Ordinal);
        var missing = tasks.Where(t => !listed.ContainsKey(t.Id)).Take(10)
            .Select(t => $"task {t.Id} has no puzzle identifier in the saved table (was the model trained on this data?)").ToList();
        HrmException.ThrowIfAny(missing);
        return new ArcPuzzleIdDataset(tasks, isEval, tasks.Select(t => listed[t.Id]).ToArray(), puzzleIds);
    }

    private static (ArcTask[] Tasks, bool[] IsEvaluation) Combine(IReadOnlyList<ArcTask> training, IReadOnlyList<ArcTask> evaluation)
    {
        var all = training.Select(t => (Task: t, Eval: false)).Concat(evaluation.Select(t => (Task: t, Eval: true)))
            .OrderBy(x => x.Task.Id, StringComparer.Ordinal).ToArray();
        var duplicates = all.GroupBy(x => x.Task.Id, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).Take(10).ToList();
        if (duplicates.Count > 0)
            throw new HrmException(duplicates.Select(id => $"task {id} appears more than once across the training and evaluation sets").ToList());
        return (all.Select(x => x.Task).ToArray(), all.Select(x => x.Eval).ToArray());
    }

    public TokenScheme Scheme => TokenScheme.Arc;
    public PuzzleIdTable PuzzleIds { get; }

    /// <summary>Every task, training and evaluation, in ordinal id order.</summary>
    public IReadOnlyList<ArcTask> Tasks => _tasks;
    public bool IsEvaluationTask(int taskIndex) => _isEvaluation[taskIndex];
    public IEnumerable<ArcTask> EvaluationTasks => _tasks.Where((_, i) => _isEvaluation[i]);
    public IReadOnlyList<TaskAugmentation> Augmentations(int taskIndex) => _augmentations[taskIndex];

    public int GroupCount => _groups.Length;
    public int VariantCount(int group) => _augmentations[_groups[group].TaskIndex].Count;
    public int ExampleCount(int group) => _groups[group].Pairs.Length;
    public int PuzzleId(int group, int variant) => _puzzleIds[_groups[group].TaskIndex][variant];
    public ArcTask GroupTask(int group) => _tasks[_groups[group].TaskIndex];

    public bool Translates => true;

    public Translation RandomTranslation(int group, int variant, int example, Random rng)
    {
        var g = _groups[group];
        return ArcCanvasEncoder.RandomOffset(rng, g.Pairs[example], _augmentations[g.TaskIndex][variant].Dihedral);
    }

    public void EncodeTraining(TrainingExample example, Span<int> inputs, Span<int> labels)
    {
        var g = _groups[example.Group];
        ArcCanvasEncoder.EncodePair(g.Pairs[example.Example], _augmentations[g.TaskIndex][example.Variant], example.Translation, inputs, labels);
    }

    public ArcTrainingExample Describe(TrainingExample example)
    {
        var g = _groups[example.Group];
        var (isTest, index) = g.Origins[example.Example];
        return new ArcTrainingExample(_tasks[g.TaskIndex].Id, isTest, index, _augmentations[g.TaskIndex][example.Variant],
                                      _puzzleIds[g.TaskIndex][example.Variant], example.Translation);
    }

    /// <summary>Evaluation examples: by task (id order), then augmentation (sampler order), then test input.</summary>
    public IReadOnlyList<ArcEvaluationExample> Evaluation => _evaluation;
    public int EvaluationCount => _evaluation.Length;
    public int EvaluationPuzzleId(int index) => _evaluation[index].PuzzleId;

    public void EncodeEvaluation(int index, Span<int> inputs, Span<int> labels)
    {
        var e = _evaluation[index];
        ArcCanvasEncoder.EncodePair(_tasks[e.TaskIndex].Test[e.TestIndex], e.Augmentation, Translation.None, inputs, labels);
    }
}
