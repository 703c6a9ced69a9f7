using HrmSharp.Data;
using HrmSharp.Data.Maze;
using HrmSharp.Data.Sudoku;
using HrmSharp.Data.Synthetic;
using HrmSharp.Encoding;
using HrmSharp.Randomness;

namespace HrmSharp.Training.Data;

/// <summary>
/// Builds a run's data from its <see cref="DataConfig"/> on the encode layer's datasets. Generated puzzles depend only
/// on the data seed, so a resumed run or a later evaluation regenerates exactly the same sets; held-out puzzles are
/// drawn from their own stream and any that also occur among the training puzzles are dropped. ARC follows the
/// reference protocol (<see cref="ArcPuzzleIdDataset"/>); given a saved identifier table (a checkpoint's) it rebuilds the
/// same identifiers without sampling augmentations again.
/// </summary>
public static class DataFactory
{
    private const int EvalStream = 0xE7A1;

    /// <param name="savedIds">A checkpoint's puzzle identifiers (ARC), or null to build them.</param>
    /// <param name="progress">Called with (what, done, total) while puzzles are generated.</param>
    /// <param name="scoringOnly">Only the evaluation set will be used (hrm eval): scoring a checkpoint on tasks it was
    /// trained on is then a legitimate diagnostic, not a leak, so the in-context overlap check is skipped.</param>
    public static TrainingDataSet Create(DataConfig config, PuzzleIdTable? savedIds = null, Action<string, int, int>? progress = null,
        bool scoringOnly = false) => config.Kind switch
    {
        DataKind.Sudoku => Sudoku(config, progress),
        DataKind.Maze => Maze(config, progress),
        DataKind.Arc => Arc(config, savedIds, scoringOnly),
        DataKind.Synthetic => Synthetic(config),
        _ => throw new HrmException($"unknown data kind {config.Kind}"),
    };

    private static TrainingDataSet Sudoku(DataConfig config, Action<string, int, int>? progress)
    {
        var options = new SudokuGeneratorOptions(config.MinClues, config.MaxClues);
        options.Validate();
        SudokuPuzzle Make(Random rng, int _) => SudokuGenerator.Generate(rng, options);

        var (train, eval) = ReadOrGenerate(config, "sudoku", SudokuCsv.Read, Make, p => p.Question, progress);
        int augmentations = config.Augment ? config.Augmentations : 0;
        var dataset = new SudokuPuzzleIdDataset(train, eval, augmentations, config.Seed);
        var source = config.Path ?? $"{train.Count} generated (seed {config.Seed}, {config.MinClues}-{config.MaxClues} clues)";
        return new TrainingDataSet(
            new PuzzleIdTrainingData(dataset, config.Seed, $"sudoku: {source}, {augmentations} shuffles each"),
            eval.Count == 0 ? null : new PuzzleIdEvalSet(dataset, $"sudoku: {config.EvalPath ?? $"{eval.Count} held-out generated"}"));
    }

    private static TrainingDataSet Maze(DataConfig config, Action<string, int, int>? progress)
    {
        var options = new MazeGeneratorOptions(config.MazeSize, config.MazeMinPath);
        options.Validate();
        MazePuzzle Make(Random rng, int _) => MazeGenerator.Generate(rng, options);

        var (train, eval) = ReadOrGenerate(config, "maze", MazeCsv.Read, Make, m => m.Question, progress);
        var dataset = new MazePuzzleIdDataset(train, eval, config.Augment);
        var source = config.Path ?? $"{train.Count} generated {config.MazeSize}x{config.MazeSize} (seed {config.Seed})";
        return new TrainingDataSet(
            new PuzzleIdTrainingData(dataset, config.Seed, $"maze: {source}{(config.Augment ? ", 8 dihedral views each" : "")}"),
            eval.Count == 0 ? null : new PuzzleIdEvalSet(dataset, $"maze: {config.EvalPath ?? $"{eval.Count} held-out generated"}"));
    }

    /// <summary>
    /// data.path is an ARC folder with training/ and evaluation/ inside (ARC-AGI-1 layout), or task folders/files
    /// separated by ';' (all training); data.eval_path names the evaluation tasks explicitly. Evaluation tasks' demos are
    /// trained on under their test inputs' identifiers, as in the reference.
    /// </summary>
    private static TrainingDataSet Arc(DataConfig config, PuzzleIdTable? savedIds, bool scoringOnly)
    {
        // Evaluating a checkpoint whose identifier table came with it (an imported one) needs only the tasks it scores.
        var path = config.Path ?? (savedIds is { Count: > 1 } && config.EvalPath is not null ? ""
            : throw new HrmException("data.path: ARC training needs task folders (e.g. --data ../shared/data/arc-agi-1)"));
        var subsets = ArcSubsets.Resolve(path, config.EvalPath);
        var training = subsets.Training.SelectMany(p => TaskLoader.Load(p)).ToList();
        var evaluation = subsets.Evaluation is null ? [] : TaskLoader.Load(subsets.Evaluation);
        if (config.Conditioning == Modeling.Conditioning.Context)
        {
            // In context the evaluation tasks are by definition unseen: a task in both sets would be scored after training on it.
            var trained = training.Select(t => t.Id).ToHashSet(StringComparer.Ordinal);
            var both = evaluation.Where(t => trained.Contains(t.Id)).Select(t => t.Id).Take(5).ToList();
            if (both.Count > 0 && !scoringOnly)
                throw new HrmException($"task{(both.Count > 1 ? "s" : "")} {string.Join(", ", both)} {(both.Count > 1 ? "are" : "is")} in both the training data ({path}) " +
                                       $"and the evaluation set ({subsets.Evaluation}): in context the evaluation tasks must be unseen");
            return ArcInContext(config, training, evaluation, trained);
        }

        var dataset = savedIds is { Count: > 1 }
            ? ArcPuzzleIdDataset.FromTable(training, evaluation, savedIds)
            : ArcPuzzleIdDataset.Build(training, evaluation, config.Augmentations, config.Seed);
        var train = new PuzzleIdTrainingData(dataset, config.Seed,
            $"ARC: {training.Count} training tasks + demos of {evaluation.Count} evaluation tasks, {dataset.PuzzleIds.Count - 1} puzzle identifiers " +
            $"(up to {config.Augmentations} augmentations per task, translated)");
        var eval = evaluation.Count == 0 || config.EvalCount == 0 ? null : new ArcEvalSet(dataset, config.EvalAugmentations, config.EvalTasks);
        return new TrainingDataSet(train, eval);
    }

    /// <summary>
    /// In-context ARC: train on the training tasks only (leave-one-out over their demos, plus a share of synthetic tasks);
    /// evaluation tasks are never seen. Evaluate on the training tasks' test inputs and on the evaluation tasks.
    /// </summary>
    /// <param name="trained">The training tasks' ids: an evaluation task among them (only `hrm eval` gets past the overlap
    /// check) is scored but not called unseen.</param>
    private static TrainingDataSet ArcInContext(DataConfig config, List<ArcTask> training, IReadOnlyList<ArcTask> evaluation, HashSet<string> trained)
    {
        var families = SyntheticTrainingFamilies(config);
        var options = new Context.ContextDataOptions
        {
            IncludeTests = config.ContextIncludeTests, Augment = config.Augment, AugmentDihedral = config.AugmentDihedral, TokensPerBatch = config.ContextTokensPerBatch,
            MaxSequenceLength = config.ContextMaxLength, Layout = config.ContextLayout, SyntheticRatio = config.SyntheticRatio, SyntheticFamilies = families,
            SyntheticMaxSize = config.SyntheticMaxSize, Canvas = Canvas(config), FrameShuffle = config.PairedFrameShuffle,
            Seed = config.Seed,
        };
        var data = new Context.ContextTrainingData(training, options);
        var train = new Context.ContextTrainingSource(data, config.ContextMaxLength);
        int views = Math.Max(1, config.EvalAugmentations);
        // An explicit data.eval_path (`hrm eval --data`) is the whole evaluation; otherwise the training tasks' held-out test
        // inputs join it, unless training sees them (context_include_tests).
        var trainTests = config.EvalCount == 0 || config.EvalPath is not null || config.ContextIncludeTests ? [] : Take(training, config.EvalTasks);
        var evalTasks = config.EvalCount == 0 ? [] : Take(evaluation, config.EvalTasks);
        int seen = evalTasks.Count(t => trained.Contains(t.Id));
        var eval = trainTests.Count + evalTasks.Count == 0 ? null
            : new Context.ContextEvalSet(trainTests, evalTasks, views, config.Seed, config.ContextTokensPerBatch, layout: config.ContextLayout,
                                         canvas: Canvas(config), seenEvalTasks: seen);
        return new TrainingDataSet(train, eval);

        static List<ArcTask> Take(IReadOnlyList<ArcTask> tasks, int n) =>
            [.. tasks.OrderBy(t => t.Id, StringComparer.Ordinal).Take(n > 0 ? n : int.MaxValue)];
    }

    /// <summary>The answer-canvas rule of data.context_answer_size.</summary>
    public static Encoding.Context.CanvasRule Canvas(DataConfig config) =>
        config.ContextAnswerSize == AnswerSize.Given ? Encoding.Context.CanvasRule.Given : Encoding.Context.CanvasRule.Max;

    /// <summary>data.synthetic_families minus data.synthetic_holdout; an empty result is an error naming both.</summary>
    internal static IReadOnlyList<TaskFamily> SyntheticTrainingFamilies(DataConfig config)
    {
        static string[] List(string value) => value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var pool = List(config.SyntheticFamilies) is { Length: > 0 } names
            ? FamilyCatalog.Resolve(names)
            : FamilyCatalog.All;
        var train = FamilyCatalog.Split(List(config.SyntheticHoldout), pool).Train;
        if (train.Count == 0 && config.SyntheticRatio > 0)
            throw new HrmException(
                $"data.synthetic_holdout ({config.SyntheticHoldout}) leaves no family of data.synthetic_families ({config.SyntheticFamilies}) to train on");
        return train;
    }

    private static TrainingDataSet Synthetic(DataConfig config)
    {
        var dataset = new SyntheticDataset(config.TrainCount, config.EvalCount, config.SyntheticSeqLen, config.SyntheticVocab, config.Seed);
        return new TrainingDataSet(
            new PuzzleIdTrainingData(dataset, config.Seed, $"synthetic reverse task: {config.TrainCount} sequences of {config.SyntheticSeqLen} tokens"),
            config.EvalCount > 0 ? new PuzzleIdEvalSet(dataset, $"synthetic: {config.EvalCount} held-out sequences") : null);
    }

    private static int EvalSeed(DataConfig config) => SeedMix.Of(config.Seed, EvalStream);

    /// <summary>
    /// Training puzzles from <see cref="DataConfig.Path"/> or generated from the data seed; evaluation puzzles from
    /// <see cref="DataConfig.EvalPath"/>, or generated from their own stream without any whose question is a training one.
    /// </summary>
    private static (IReadOnlyList<T> Train, IReadOnlyList<T> Eval) ReadOrGenerate<T>(DataConfig config, string what,
        Func<string, IReadOnlyList<T>> read, Func<Random, int, T> make, Func<T, Grid> question, Action<string, int, int>? progress)
    {
        IReadOnlyList<T> train = config.Path is { } path ? read(path) : Generate(what, config.TrainCount, config.Seed, make, progress);
        IReadOnlyList<T> eval = config.EvalPath is { } evalPath ? read(evalPath)
            : config.EvalCount > 0 ? HeldOut(train, Generate($"held-out {what}", config.EvalCount, EvalSeed(config), make, progress), question)
            : [];
        return (train, eval);
    }

    private static T[] Generate<T>(string what, int count, int seed, Func<Random, int, T> make, Action<string, int, int>? progress)
    {
        int done = 0;
        return ParallelPuzzles.Generate(count, seed, make, progress is null ? null : () => progress(what, ++done, count));
    }

    /// <summary>The held-out puzzles whose question is not among the training questions.</summary>
    private static List<T> HeldOut<T>(IReadOnlyList<T> train, IEnumerable<T> candidates, Func<T, Grid> question)
    {
        var seen = train.Select(question).ToHashSet();
        return candidates.Where(p => !seen.Contains(question(p))).ToList();
    }
}
