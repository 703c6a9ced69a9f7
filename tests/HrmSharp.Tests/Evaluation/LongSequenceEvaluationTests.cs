using HrmSharp.Tests.Modeling;
using HrmSharp.Data;
using HrmSharp.Data.Synthetic;
using HrmSharp.Encoding.Context;
using HrmSharp.Evaluation;
using HrmSharp.Modeling;
using HrmSharp.Training.Context;
using static TorchSharp.torch;

namespace HrmSharp.Tests.Evaluation;

/// <summary>
/// A test input longer than the model takes must not end the evaluation (the final eval of a 60-minute run died on a
/// 4268-token ARC task). Rotary models take any length; learned positions skip it, count it wrong and say which.
/// </summary>
public sealed class LongSequenceEvaluationTests
{
    private static ModelConfig Config(PosEncoding pos, int seqLen) => TinyModels.InContext(pos, seqLen) with { HiddenSize = 16 };

    /// <summary>One demo and one test of square grids of side <paramref name="side"/>: 4·side² tokens in context (max-rule canvas).</summary>
    private static ArcTask Square(string id, int side, bool known = true)
    {
        var g = Grid.Create(side, side, (r, c) => (r + c) % 10);
        return new ArcTask(id, [new Pair(g, g)], [new Pair(g, known ? g : null)]);
    }

    [Fact]
    public void LearnedPositionsSkipTooLongTestInputsAndCountThemWrong()
    {
        var tasks = new[] { Square("short", 3), Square("long", 5), Square("long-unknown", 6, known: false) }; // 36, 100, 144 tokens
        using var model = new ActModel(Config(PosEncoding.Learned, seqLen: 64), seed: 1);
        var prediction = new ContextPredictor(model, CPU).Predict(tasks, augmentations: 3, seed: 0);

        Assert.Equal([("long", 0, 100, 64), ("long-unknown", 0, 144, 64)],
            prediction.Skipped.Select(s => (s.TaskId, s.TestIndex, s.Length, s.Limit)));
        Assert.Contains("task long test 0", prediction.Skipped[0].Message);
        Assert.Contains("skipped and counted as wrong", prediction.Skipped[0].Message);

        // The long ones got no vote; the short one did, in every view.
        Assert.Empty(prediction.Evaluator.Ranked("long", 0));
        Assert.Empty(prediction.Evaluator.Ranked("long-unknown", 0));
        Assert.Equal(3, prediction.Evaluator.Predictions);
        var report = prediction.Evaluator.Result().TaskReports.Single(t => t.TaskId == "long");
        Assert.Null(report.SolvedAt);

        // Identity scores: the known long answer counts, as all wrong (its 25 canvas cells).
        Assert.Equal(2, prediction.Identity.Answers);
        Assert.Equal(new AnswerScore(false, false, 0, 25), prediction.IdentityScores[("long", 0)]);
        Assert.False(prediction.IdentityScores.ContainsKey(("long-unknown", 0)));
    }

    [Fact]
    public void RotaryPositionsTakeTheSameTestInputsWhole()
    {
        var tasks = new[] { Square("short", 3), Square("long", 5) };
        using var model = new ActModel(Config(PosEncoding.Rope2d, seqLen: 64), seed: 1);
        Assert.Null(model.Config.ContextLengthLimit);
        var prediction = new ContextPredictor(model, CPU).Predict(tasks, augmentations: 1, seed: 0);
        Assert.Empty(prediction.Skipped);
        Assert.Equal(2, prediction.Evaluator.Predictions);
    }

    [Fact]
    public void AContextEvaluationOfGeneratedTasksReportsFamiliesAndTheSkippedInputs()
    {
        var generator = new SyntheticTaskGenerator(FamilyCatalog.Resolve(["rotate-90", "colour-map"]), new SynthOptions { MaxSize = 6 }, seed: 2);
        var tasks = Enumerable.Range(0, 4).Select(i => generator.Generate(i).Task).Append(Square("00000001", 5)).ToArray();
        var encoder = new ContextEncoder(new ContextEncoderOptions { FallbackToFullCanvas = false }); // as the predictor encodes
        var limit = tasks.Max(t => encoder.EncodeTests(t).Max(s => s.Length)) - 1;
        using var model = new ActModel(Config(PosEncoding.Learned, seqLen: limit), seed: 1);
        var result = new ContextEvalSet([], tasks, views: 1, seed: 0, tokensPerBatch: 4096).Evaluate(model, CPU, outDir: null, chunks: null);

        var b = result.Breakdowns["eval"];
        Assert.Equal(["rotate-90", "colour-map", FamilyBreakdown.Other], b.Families.Select(f => f.Name));
        Assert.Equal([2, 2, 1], b.Families.Select(f => f.Tasks));
        Assert.Equal(["geometry", "colour", FamilyBreakdown.Other], b.Categories.Select(c => c.Name));
        // At least the longest test input was skipped, and each skip is a warning naming its task and a summary count.
        Assert.NotEmpty(result.Warnings);
        Assert.All(result.Warnings, w => Assert.StartsWith("eval: task ", w));
        Assert.Equal(result.Warnings.Count, (int)result.Summary["eval_too_long"]);
    }
}
