using HrmSharp.Data;
using HrmSharp.Data.Maze;
using HrmSharp.Data.Sudoku;

namespace HrmSharp.Training.Data;

/// <summary>
/// Builds a run's data from its <see cref="DataConfig"/>. Generated puzzles depend only on the data seed, so a
/// resumed run or a later evaluation regenerates exactly the same sets; held-out puzzles are drawn from their own
/// stream and any that also occur among the training puzzles are dropped.
/// </summary>
public static class DataFactory
{
    private const int EvalStream = 0xE7A1;

    /// <param name="progress">Called with (what, done, total) while puzzles are generated.</param>
    public static TrainingDataSet Create(DataConfig config, Action<string, int, int>? progress = null) => config.Kind switch
    {
        DataKind.Sudoku => Sudoku(config, progress),
        DataKind.Maze => Maze(config, progress),
        DataKind.Synthetic => Synthetic(config),
        DataKind.Arc => throw new HrmException("data.kind arc: the ARC encoding is not in this build yet"),
        _ => throw new HrmException($"unknown data kind {config.Kind}"),
    };

    private static TrainingDataSet Sudoku(DataConfig config, Action<string, int, int>? progress)
    {
        var options = new SudokuGeneratorOptions(config.MinClues, config.MaxClues);
        options.Validate();
        SudokuPuzzle Make(Random rng, int _) => SudokuGenerator.Generate(rng, options);

        IReadOnlyList<SudokuPuzzle> train = config.Path is { } path ? SudokuCsv.Read(path) : Generate("sudoku", config.TrainCount, config.Seed, Make, progress);
        var trainPairs = train.Select(p => p.ToPair()).ToList();
        List<Pair> evalPairs = [];
        if (config.EvalPath is { } evalPath)
            evalPairs = SudokuCsv.Read(evalPath).Select(p => p.ToPair()).ToList();
        else if (config.EvalCount > 0)
            evalPairs = HeldOut(trainPairs, Generate("held-out sudoku", config.EvalCount, Seeds.Mix(config.Seed, 1, EvalStream), Make, progress).Select(p => p.ToPair()));

        Func<Random, Pair, Pair>? augment = config.Augment
            ? (rng, pair) =>
            {
                var t = SudokuTransform.Random(rng);
                return new Pair(t.Apply(pair.Input), t.Apply(pair.Output!));
            }
            : null;
        var source = config.Path ?? $"{trainPairs.Count} generated (seed {config.Seed}, {config.MinClues}-{config.MaxClues} clues)";
        var codec = GridCodec.Sudoku;
        return new TrainingDataSet(
            new GridPairTrainingData($"sudoku: {source}{(config.Augment ? ", augmented" : "")}", trainPairs, codec, augment, config.Seed),
            evalPairs.Count == 0 ? null : new GridPairEvalSet($"sudoku: {config.EvalPath ?? $"{evalPairs.Count} held-out generated"}", evalPairs, codec));
    }

    private static TrainingDataSet Maze(DataConfig config, Action<string, int, int>? progress)
    {
        var options = new MazeGeneratorOptions(config.MazeSize, config.MazeMinPath);
        options.Validate();
        MazePuzzle Make(Random rng, int _) => MazeGenerator.Generate(rng, options);

        IReadOnlyList<MazePuzzle> train = config.Path is { } path ? MazeCsv.Read(path) : Generate("maze", config.TrainCount, config.Seed, Make, progress);
        if (train.Count == 0) throw new HrmException($"{config.Path}: no mazes");
        int side = train[0].Question.Rows;
        if (train.Any(m => m.Question.Rows != side || m.Question.Cols != side))
            throw new HrmException($"{config.Path ?? "maze data"}: mazes must all be {side}x{side}");
        var trainPairs = train.Select(p => p.ToPair()).ToList();
        List<Pair> evalPairs = [];
        if (config.EvalPath is { } evalPath)
            evalPairs = MazeCsv.Read(evalPath).Select(p => p.ToPair()).ToList();
        else if (config.EvalCount > 0)
            evalPairs = HeldOut(trainPairs, Generate("held-out maze", config.EvalCount, Seeds.Mix(config.Seed, 1, EvalStream), Make, progress).Select(p => p.ToPair()));
        if (evalPairs.Any(p => p.Input.Rows != side || p.Input.Cols != side))
            throw new HrmException($"{config.EvalPath}: evaluation mazes must be {side}x{side} like the training ones");

        Func<Random, Pair, Pair>? augment = config.Augment
            ? (rng, pair) =>
            {
                int k = rng.Next(MazeDihedral.Count);
                return new Pair(MazeDihedral.Apply(pair.Input, k), MazeDihedral.Apply(pair.Output!, k));
            }
            : null;
        var codec = GridCodec.Maze(side);
        var source = config.Path ?? $"{trainPairs.Count} generated {side}x{side} (seed {config.Seed})";
        return new TrainingDataSet(
            new GridPairTrainingData($"maze: {source}{(config.Augment ? ", augmented" : "")}", trainPairs, codec, augment, config.Seed),
            evalPairs.Count == 0 ? null : new GridPairEvalSet($"maze: {config.EvalPath ?? $"{evalPairs.Count} held-out generated"}", evalPairs, codec));
    }

    private static TrainingDataSet Synthetic(DataConfig config)
    {
        var data = new SyntheticData(config.TrainCount, config.SyntheticSeqLen, config.SyntheticVocab, config.Seed);
        return new TrainingDataSet(data, config.EvalCount > 0 ? new SyntheticEvalSet(data, config.EvalCount) : null);
    }

    private static T[] Generate<T>(string what, int count, int seed, Func<Random, int, T> make, Action<string, int, int>? progress)
    {
        int done = 0;
        return PuzzleBatch.Generate(count, seed, make, progress is null ? null : () => progress(what, ++done, count));
    }

    /// <summary>The held-out pairs whose input is not among the training inputs.</summary>
    private static List<Pair> HeldOut(IReadOnlyList<Pair> train, IEnumerable<Pair> candidates)
    {
        var seen = train.Select(p => p.Input).ToHashSet();
        return candidates.Where(p => !seen.Contains(p.Input)).ToList();
    }
}
