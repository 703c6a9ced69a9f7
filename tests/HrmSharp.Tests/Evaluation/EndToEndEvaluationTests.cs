using HrmSharp.Encoding;
using HrmSharp.Evaluation;
using HrmSharp.Tests.Encoding;

namespace HrmSharp.Tests.Evaluation;

/// <summary>Dataset → evaluation batches → fake model outputs → evaluator, with models whose right answer is known.</summary>
public class EndToEndEvaluationTests
{
    private static (ArcPuzzleIdDataset Data, ArcEvaluator Evaluator) Run(Func<PuzzleIdBatch, int, int[]> model, Func<int, float> q)
    {
        var (train, eval) = EncodingTestData.Split(seed: 41, training: 3, evaluation: 4, maxSide: 30);
        var ds = ArcPuzzleIdDataset.Build(train, eval, augmentations: 7, seed: 2);
        var ev = new ArcEvaluator(ds.EvaluationTasks);
        for (int k = 0; k < EvaluationBatcher.BatchCount(ds, 16); k++)
        {
            var batch = EvaluationBatcher.Batch(ds, 16, k);
            var preds = new int[batch.Size * batch.SeqLen];
            var qs = new float[batch.Size];
            for (int i = 0; i < batch.ValidCount; i++)
            {
                model(batch, i).CopyTo(preds, i * batch.SeqLen);
                qs[i] = q((int)batch.First + i);
            }
            ev.AddBatch(ds.Evaluation, batch, preds, qs);
        }
        return (ds, ev);
    }

    [Fact]
    public void AModelThatOutputsItsLabelsSolvesEverything()
    {
        // The label canvas with ignored cells as PAD: exactly what a perfect model's argmax would be.
        var (ds, ev) = Run((b, i) => b.LabelRow(i).ToArray().Select(t => t < 0 ? 0 : t).ToArray(), _ => 1f);
        var r = ev.Result([1, 2]);
        Assert.Equal(4, r.ScoredTasks);
        Assert.Equal(1.0, r.PassAtK[1]);
        Assert.Equal(1.0, r.FractionalPassAtK[1]);
        Assert.Equal((1.0, 1.0), (r.TokenAccuracy, r.ExactAccuracy));
        Assert.Equal(ds.Evaluation.Count(e => e.Augmentation.IsIdentity), r.IdentitySequences);
        // Each test input got one unanimous candidate with a vote from every augmented view.
        Assert.All(r.TaskReports.SelectMany(t => t.Tests), t => Assert.Equal((1, t.Predictions), (t.DistinctCandidates, t.Attempts[0].Votes)));
        Assert.All(r.TaskReports.SelectMany(t => t.Tests), t => Assert.Equal(8, t.Predictions));
    }

    [Fact]
    public void AModelThatCopiesItsInputVotesForTheInput()
    {
        var (ds, ev) = Run((b, i) => b.InputRow(i).ToArray(), i => i);
        foreach (var task in ds.EvaluationTasks)
            for (int t = 0; t < task.Test.Count; t++)
            {
                var ranked = ev.Ranked(task.Id, t);
                Assert.Single(ranked);
                Assert.Equal(task.Test[t].Input, ranked[0].Grid);
            }
        Assert.Equal(0.0, ev.Result([1]).PassAtK[1]);
    }
}
