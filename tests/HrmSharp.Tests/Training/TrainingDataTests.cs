using HrmSharp.Data;
using HrmSharp.Data.Sudoku;
using HrmSharp.Training;
using HrmSharp.Training.Data;

namespace HrmSharp.Tests.Training;

public sealed class TrainingDataTests
{
    private static TrainingBatch Batch(ITrainingData data, long step, int size = 8)
    {
        var b = new TrainingBatch(size, data.SeqLen);
        Assert.IsType<PuzzleIdTrainingData>(data).Fill(step, b);
        return b;
    }

    [Fact]
    public void BatchesAreAPureFunctionOfTheStep()
    {
        var data = DataFactory.Create(TinyRuns.Synthetic().Data).Train;
        var a = Batch(data, 5);
        Batch(data, 0); // touching other steps (and other epochs) in between changes nothing
        Batch(data, 40);
        var again = Batch(DataFactory.Create(TinyRuns.Synthetic().Data).Train, 5);
        Assert.Equal(a.Inputs, Batch(data, 5).Inputs);
        Assert.Equal(a.Inputs, again.Inputs);
        Assert.Equal(a.Labels, again.Labels);
        Assert.NotEqual(a.Inputs, Batch(data, 6).Inputs);
    }

    [Fact]
    public void EveryModeHandsTheTrainerItsBatchesThroughOneInterface()
    {
        // Fixed shape: batch s is step s's rows at the configured batch size.
        var fixedShape = DataFactory.Create(TinyRuns.Synthetic().Data).Train;
        Assert.False(fixedShape.Episodic);
        using (var batch = fixedShape.Batch(5, 8, TorchSharp.torch.CPU))
        {
            Assert.Equal([8L, fixedShape.SeqLen], batch.Inputs.shape);
            Assert.Equal(Batch(fixedShape, 5).Inputs, batch.Inputs.data<int>().ToArray());
            Assert.Null(batch.Context);
        }

        // In context: batch e is an episode's own-length batch with its context features; the batch size is not used.
        var rng = new Random(3);
        Grid G() => Grid.Create(rng.Next(2, 5), rng.Next(2, 5), (_, _) => rng.Next(10));
        var tasks = Enumerable.Range(0, 4).Select(i => new ArcTask($"t{i}", [new Pair(G(), G()), new Pair(G(), G())], [new Pair(G(), G())])).ToList();
        var inContext = new HrmSharp.Training.Context.ContextTrainingSource(
            new HrmSharp.Training.Context.ContextTrainingData(tasks, new HrmSharp.Training.Context.ContextDataOptions { Seed = 1, TokensPerBatch = 400 }), 4096);
        Assert.True(inContext.Episodic);
        using var first = inContext.Batch(2, 8, TorchSharp.torch.CPU);
        using var second = inContext.Batch(2, 1, TorchSharp.torch.CPU);
        Assert.NotNull(first.Context);
        Assert.Equal(first.Inputs.shape, second.Inputs.shape);
        Assert.Equal(first.Inputs.data<long>().ToArray(), second.Inputs.data<long>().ToArray());
    }

    [Fact]
    public void SyntheticTaskIsReverseAndEveryExampleIsSeenOncePerEpoch()
    {
        var data = DataFactory.Create(TinyRuns.Synthetic().Data).Train; // 64 sequences, batches of 8: 8 steps per epoch
        Assert.Equal(64, data.ExamplesPerEpoch);
        var seen = new HashSet<string>();
        for (int step = 0; step < 8; step++)
        {
            var b = Batch(data, step);
            for (int r = 0; r < b.BatchSize; r++)
            {
                var input = b.InputRow(r).ToArray();
                Assert.Equal(input.Reverse(), b.LabelRow(r).ToArray());
                Assert.All(input, t => Assert.InRange(t, 1, 5));
                seen.Add(string.Join(",", input));
            }
        }
        Assert.Equal(64, seen.Count);
    }

    [Fact]
    public void GeneratedSudokuHeldOutPuzzlesAreNotTrainedOnAndAreReproducible()
    {
        var config = new DataConfig { Kind = DataKind.Sudoku, TrainCount = 40, EvalCount = 20, MinClues = 30, MaxClues = 40, Seed = 1, Augmentations = 5 };
        var set = DataFactory.Create(config);
        Assert.Equal(81, set.Train.SeqLen);
        Assert.Equal(11, set.Train.VocabSize);
        Assert.Equal(1, set.Train.NumPuzzleIdentifiers);
        var eval = Assert.IsAssignableFrom<IFixedShapeEvalSet>(set.Eval);
        Assert.InRange(eval.Count, 1, 20);

        // Decode the training puzzles (step batches cover an epoch: 40 groups, one variant each) - only the held-out
        // questions themselves must not be training questions; compare in the untransformed eval encoding.
        var inputs = new int[81];
        var labels = new int[81];
        var evalQuestions = new HashSet<string>();
        for (int i = 0; i < eval.Count; i++)
        {
            eval.Fill(i, inputs, labels, out int id);
            Assert.Equal(0, id);
            var question = Grid.Create(9, 9, inputs.Select(t => (byte)(t - 1)).ToArray());
            var solution = Grid.Create(9, 9, labels.Select(t => (byte)(t - 1)).ToArray());
            Assert.True(SudokuRules.IsSolved(solution));
            Assert.True(SudokuRules.Agrees(question, solution));
            evalQuestions.Add(question.ToString());
        }
        var train = ParallelPuzzles.Generate(40, 1, (rng, _) => SudokuGenerator.Generate(rng, new SudokuGeneratorOptions(30, 40)));
        Assert.DoesNotContain(train, p => evalQuestions.Contains(p.Question.ToString()));

        var again = DataFactory.Create(config);
        Assert.Equal(Batch(set.Train, 3).Inputs, Batch(again.Train, 3).Inputs);
    }

    [Fact]
    public void ExactMatchScoringCountsSolvedAndChangedTokens()
    {
        var config = TinyRuns.Synthetic().Data with { EvalCount = 2, SyntheticSeqLen = 4 };
        var set = Assert.IsAssignableFrom<IFixedShapeEvalSet>(DataFactory.Create(config).Eval);
        var predictions = new ModelPredictions(2, 4);
        var inputs = new int[4];
        var labels = new int[4];
        set.Fill(0, inputs, labels, out _);
        labels.CopyTo(predictions.Tokens, 0);           // example 0: all right
        set.Fill(1, inputs, labels, out _);
        int changed = Enumerable.Range(0, 4).Count(i => inputs[i] != labels[i]);
        inputs.CopyTo(predictions.Tokens, 4);           // example 1: copies its input
        var result = set.Score(predictions);

        Assert.Equal(0.5, result.Summary["exact_accuracy"]);
        double copyAccuracy = (4.0 - changed) / 4;
        Assert.Equal((1 + copyAccuracy) / 2, result.Summary["token_accuracy"], 12);
        set.Fill(0, inputs, labels, out _);
        int changed0 = Enumerable.Range(0, 4).Count(i => inputs[i] != labels[i]);
        Assert.Equal((double)changed0 / (changed0 + changed), result.Summary["changed_token_accuracy"], 12);
        Assert.Equal(2, result.Report["examples"]!.AsArray().Count);
        var bucket = result.Report["exact_accuracy_by_changed_tokens"]!["1-10"]!;
        Assert.Equal(2, bucket["examples"]!.GetValue<int>());
        Assert.Equal(0.5, bucket["exact_accuracy"]!.GetValue<double>());
    }
}
