using HrmSharp.Augmentation;
using HrmSharp.Data;
using HrmSharp.Encoding;

namespace HrmSharp.Tests.Encoding;

public class ArcPuzzleIdDatasetTests
{
    private static int[] Canvas(Grid g, Translation t = default, bool label = false) => ArcCanvasEncoder.Encode(g, t, label);

    [Fact]
    public void FollowsTheReferenceProtocol()
    {
        var (train, eval) = EncodingTestData.Split(seed: 1);
        var ds = ArcPuzzleIdDataset.Build(train, eval, augmentations: 5, seed: 7);

        // Tasks in ordinal id order, each with the identity and 5 distinct augmentations, each its own identifier.
        Assert.Equal(train.Concat(eval).Select(t => t.Id).Order(StringComparer.Ordinal), ds.Tasks.Select(t => t.Id));
        Assert.All(Enumerable.Range(0, ds.Tasks.Count), i => Assert.Equal(6, ds.Augmentations(i).Count));
        Assert.All(Enumerable.Range(0, ds.Tasks.Count), i => Assert.True(ds.Augmentations(i)[0].IsIdentity));
        Assert.Equal(7 * 6 + 1, ds.PuzzleIds.Count);

        // One group per task: a training task trains on demos and test pairs, an evaluation task on its demos only.
        Assert.Equal(7, ds.GroupCount);
        for (int g = 0; g < ds.GroupCount; g++)
        {
            var task = ds.GroupTask(g);
            bool isEval = eval.Any(e => e.Id == task.Id);
            Assert.Equal(task.Train.Count + (isEval ? 0 : task.Test.Count), ds.ExampleCount(g));
            var kinds = Enumerable.Range(0, ds.ExampleCount(g)).Select(j => ds.Describe(new TrainingExample(g, 0, j, default)).IsTestPair);
            Assert.Equal(isEval ? 0 : task.Test.Count, kinds.Count(k => k));
        }

        // Evaluation: every test input of every evaluation task under every augmentation...
        Assert.Equal(eval.Sum(t => t.Test.Count) * 6, ds.EvaluationCount);
        Assert.All(ds.Evaluation, e => Assert.StartsWith("e", e.TaskId));
        // ...under the identifier its task's demos are trained with in that augmentation.
        foreach (var e in ds.Evaluation)
        {
            int g = Enumerable.Range(0, ds.GroupCount).Single(g => ds.GroupTask(g).Id == e.TaskId);
            int v = ds.Augmentations(e.TaskIndex).ToList().IndexOf(e.Augmentation);
            Assert.Equal(ds.PuzzleId(g, v), e.PuzzleId);
            Assert.Equal(ds.PuzzleIds.GetId(e.TaskId, e.Augmentation), e.PuzzleId);
        }
    }

    [Fact]
    public void EncodesTrainingAndEvaluationExamplesOfTheAugmentedTask()
    {
        var (train, eval) = EncodingTestData.Split(seed: 2, maxSide: 30);
        var ds = ArcPuzzleIdDataset.Build(train, eval, augmentations: 3, seed: 0);
        var rng = new Random(3);
        var inputs = new int[900];
        var labels = new int[900];
        for (int g = 0; g < ds.GroupCount; g++)
            for (int v = 0; v < ds.VariantCount(g); v++)
                for (int j = 0; j < ds.ExampleCount(g); j++)
                {
                    var t = ds.RandomTranslation(g, v, j, rng);
                    var info = ds.Describe(new TrainingExample(g, v, j, t));
                    var task = ds.GroupTask(g);
                    var pair = info.IsTestPair ? task.Test[info.PairIndex] : task.Train[info.PairIndex];
                    var augmented = info.Augmentation.Apply(pair);

                    ds.EncodeTraining(new TrainingExample(g, v, j, t), inputs, labels);
                    Assert.Equal(Canvas(augmented.Input, t), inputs);
                    Assert.Equal(Canvas(augmented.Output!, t, label: true), labels);
                    Assert.Equal(ds.PuzzleIds.GetId(task.Id, info.Augmentation), ds.PuzzleId(g, v));
                }

        for (int i = 0; i < ds.EvaluationCount; i++)
        {
            var e = ds.Evaluation[i];
            var pair = e.Augmentation.Apply(ds.Tasks[e.TaskIndex].Test[e.TestIndex]);
            ds.EncodeEvaluation(i, inputs, labels);
            Assert.Equal(Canvas(pair.Input), inputs);
            Assert.Equal(Canvas(pair.Output!, label: true), labels);
        }
    }

    [Fact]
    public void IsDeterministicAndRebuildsFromASavedIdentifierTable()
    {
        var (train, eval) = EncodingTestData.Split(seed: 4);
        var a = ArcPuzzleIdDataset.Build(train, eval, 8, seed: 11);
        var b = ArcPuzzleIdDataset.Build(train.Reverse().ToArray(), eval, 8, seed: 11);
        var c = ArcPuzzleIdDataset.Build(train, eval, 8, seed: 12);
        Assert.Equal(a.PuzzleIds, b.PuzzleIds);
        Assert.NotEqual(a.PuzzleIds, c.PuzzleIds);

        // From the checkpoint's table: same augmentations, identifiers, evaluation examples and training batches.
        var restored = ArcPuzzleIdDataset.FromTable(train, eval, PuzzleIdTable.FromJson(a.PuzzleIds.ToJson()));
        Assert.Equal(a.Evaluation, restored.Evaluation);
        Assert.Equal(new BatchSampler(a, 5, 1).Batch(3).Inputs, new BatchSampler(restored, 5, 1).Batch(3).Inputs);
        Assert.Equal(new BatchSampler(a, 5, 1).Batch(3).PuzzleIdentifiers, new BatchSampler(restored, 5, 1).Batch(3).PuzzleIdentifiers);

        // Evaluating a subset is fine; a task the table does not know is a clear error.
        Assert.Equal(eval.Sum(t => t.Test.Count) * 9, ArcPuzzleIdDataset.FromTable([], eval, a.PuzzleIds).EvaluationCount);
        var other = EncodingTestData.Task(new Random(1), "new-task");
        var ex = Assert.Throws<HrmException>(() => ArcPuzzleIdDataset.FromTable(train, [other], a.PuzzleIds));
        Assert.Contains("task new-task has no puzzle identifier in the saved table", ex.Message);
    }

    [Fact]
    public void UnansweredTestInputsAreEvaluatedButNeverTrainedOn()
    {
        var rng = new Random(5);
        var training = EncodingTestData.Task(rng, "a", tests: 2, testOutputs: false);
        var evaluation = EncodingTestData.Task(rng, "b", tests: 1, testOutputs: false);
        var ds = ArcPuzzleIdDataset.Build([training], [evaluation], 2, seed: 0);

        Assert.Equal(training.Train.Count, ds.ExampleCount(0));
        var inputs = new int[900];
        var labels = new int[900];
        ds.EncodeEvaluation(0, inputs, labels);
        Assert.All(labels, l => Assert.Equal(-100, l));
    }

    [Fact]
    public void DuplicateTaskIdsAcrossSetsAreRejected()
    {
        var (train, _) = EncodingTestData.Split(seed: 6);
        var ex = Assert.Throws<HrmException>(() => ArcPuzzleIdDataset.Build(train, [train[0]], 1, 0));
        Assert.Contains("task t000 appears more than once", ex.Message);
    }

    [Fact]
    public void ZeroAugmentationsKeepsTheOriginalOnly()
    {
        var (train, eval) = EncodingTestData.Split(seed: 7);
        var ds = ArcPuzzleIdDataset.Build(train, eval, 0, 0);
        Assert.Equal(8, ds.PuzzleIds.Count);
        Assert.All(ds.Evaluation, e => Assert.True(e.Augmentation.IsIdentity));
    }
}
