using HrmSharp.Tests.Data;
using System.Text.Json.Nodes;
using HrmSharp.Augmentation;
using HrmSharp.Data;
using HrmSharp.Encoding.Context;
using HrmSharp.Modeling;
using HrmSharp.Tests.Training;
using HrmSharp.Training;
using HrmSharp.Training.Context;
using V = HrmSharp.Encoding.Context.ContextVocabulary;

namespace HrmSharp.Tests.Encoding.Context;

/// <summary>`--layout padded`: every grid of an in-context sequence on its own 30×30 canvas, for training and evaluation.</summary>
public sealed class PaddedLayoutTests
{
    private static readonly ContextEncoder Packed = new(new ContextEncoderOptions { FallbackToFullCanvas = false });
    private static readonly ContextEncoder Padded = new(new ContextEncoderOptions { Layout = ContextLayout.Padded, FallbackToFullCanvas = false });

    private static ArcTask RandomTask(Random rng, string id, int demos) => TestTasks.RandomTask(rng, id, demos, maxSide: 6);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void CanvasLabelsSitAtTheSameGridPlacesInBothLayouts(bool markBoundary)
    {
        var rng = new Random(11);
        for (int n = 0; n < 20; n++)
        {
            var task = RandomTask(rng, $"t{n}", rng.Next(1, 4));
            var packed = new ContextEncoder(Packed.Options with { MarkBoundary = markBoundary }).EncodeTests(task)[0];
            var padded = new ContextEncoder(Padded.Options with { MarkBoundary = markBoundary }).EncodeTests(task)[0];
            Assert.Equal(ContextLayout.Padded, padded.Layout);
            Assert.Equal(900 * (2 * task.Train.Count + 2), padded.Length);
            var (pc, kc) = (padded.Canvas, packed.Canvas);
            Assert.Equal((30, 30, padded.Length - 900), (pc.Rows, pc.Cols, pc.Start));
            var answer = task.Test[0].Output!;
            for (int r = 0; r < 30; r++)
                for (int c = 0; c < 30; c++)
                {
                    int label = padded.Labels[pc.Start + r * 30 + c];
                    Assert.Equal((V.Canvas, r, c), (padded.Tokens[pc.Start + r * 30 + c], padded.Row[pc.Start + r * 30 + c], padded.Col[pc.Start + r * 30 + c]));
                    // Computed from the answer alone: its colour inside, EOS on the boundary when marked, OUTSIDE elsewhere.
                    bool boundary = (r == answer.Rows && c <= answer.Cols) || (c == answer.Cols && r <= answer.Rows);
                    int expected = r < answer.Rows && c < answer.Cols ? V.Colour(answer[r, c]) : markBoundary && boundary ? V.Eos : V.Outside;
                    Assert.Equal(expected, label);
                    if (r < kc.Rows && c < kc.Cols && answer.Rows <= kc.Rows && answer.Cols <= kc.Cols)
                        Assert.Equal(packed.Labels[kc.Start + r * kc.Cols + c], label);
                }
        }
    }

    [Fact]
    public void APredictedGridDecodesToTheSameCellsInBothLayouts()
    {
        var rng = new Random(12);
        for (int n = 0; n < 20; n++)
        {
            var task = RandomTask(rng, $"t{n}", 2);
            var aug = new TaskAugmentation(new Dihedral(rng.Next(8)), ColourPermutation.Random(rng));
            var packed = Packed.EncodeTests(task, aug)[0];
            var padded = Padded.EncodeTests(task, aug)[0];
            var kc = packed.Canvas;
            // A prediction that fits the packed canvas, with OUTSIDE or EOS or PAD (not colours) around it.
            var predicted = Grid.Create(rng.Next(1, kc.Rows + 1), rng.Next(1, kc.Cols + 1), (_, _) => rng.Next(10));
            int[] Canvas(int rows, int cols)
            {
                var tokens = new int[rows * cols];
                for (int r = 0; r < rows; r++)
                    for (int c = 0; c < cols; c++)
                        tokens[r * cols + c] = r < predicted.Rows && c < predicted.Cols ? V.Colour(predicted[r, c]) : rng.Next(3) switch { 0 => V.Outside, 1 => V.Eos, _ => V.Pad };
                return tokens;
            }
            var fromPacked = ContextDecoder.Decode(packed, Canvas(kc.Rows, kc.Cols));
            var fromPadded = ContextDecoder.Decode(padded, Canvas(30, 30));
            Assert.Equal(predicted, fromPacked.Grid);
            Assert.Equal(predicted, fromPadded.Grid);
            Assert.Equal(ContextDecoder.ToOriginal(packed, fromPacked), ContextDecoder.ToOriginal(padded, fromPadded));
            Assert.Equal(aug.Invert(predicted), ContextDecoder.ToOriginal(padded, fromPadded));
        }
    }

    [Fact]
    public void BatchedPaddedPredictionsDecodePerSegment()
    {
        var rng = new Random(13);
        var seqs = new[] { RandomTask(rng, "a", 1), RandomTask(rng, "b", 2) }.SelectMany(t => Padded.EncodeTests(t)).ToList();
        var batch = ContextBatch.Build(seqs, new BatchPlan([[0], [1]], seqs.Max(s => s.Length))); // rows of 3600 and 5400 tokens
        var predicted = batch.Labels.Select(l => l < 0 ? V.Pad : l).ToArray(); // a perfect model
        var decoded = ContextDecoder.DecodeBatch(batch, predicted);
        Assert.Equal(["a", "b"], decoded.Select(d => d.Segment.Sequence.TaskId));
        foreach (var d in decoded)
        {
            Assert.True(d.Score!.Exact);
            Assert.Equal(d.Score.Tokens, d.Score.TokensRight);
            Assert.Equal(900, d.Score.Tokens);
        }
    }

    [Fact]
    public void LeaveOneOutLengthsAreTheEncodedLengthsInEitherLayout()
    {
        var rng = new Random(14);
        foreach (var encoder in new[] { new ContextEncoder(), new ContextEncoder(new ContextEncoderOptions { Layout = ContextLayout.Padded }) })
            for (int n = 0; n < 10; n++)
            {
                var task = RandomTask(rng, $"t{n}", rng.Next(1, 5));
                foreach (bool tests in new[] { false, true })
                    Assert.Equal(encoder.LeaveOneOut(task, tests).Select(s => s.Length), encoder.LeaveOneOutLengths(task, tests));
            }
    }

    [Fact]
    public void PaddedTrainingBatchesHold900TokensPerGridAndATooSmallLimitIsAClearError()
    {
        var rng = new Random(15);
        var tasks = Enumerable.Range(0, 6).Select(i => RandomTask(rng, $"t{i}", 2 + i % 2)).ToList();
        var data = new ContextTrainingData(tasks, new ContextDataOptions { Layout = ContextLayout.Padded, TokensPerBatch = 8000, Seed = 1, MaxSequenceLength = 7200 });
        Assert.Equal(tasks.Sum(t => t.Train.Count + t.Test.Count), data.Sequences); // the longest, a test with 3 demos, is 7200
        Assert.Contains("padded", data.Description);
        var batch = data.Batch(0);
        Assert.All(batch.Segments, s =>
        {
            Assert.Equal(ContextLayout.Padded, s.Sequence.Layout);
            Assert.Equal(900 * (2 * s.Sequence.Demos + 2), s.Length);
        });

        var ex = Assert.Throws<HrmException>(() => new ContextTrainingData(tasks, new ContextDataOptions { Layout = ContextLayout.Padded, MaxSequenceLength = 3000 }));
        Assert.Contains("no leave-one-out sequence of the 6 training tasks fits data.context_max_length 3000 in the padded layout", ex.Message);
        Assert.Contains("the shortest has 3600 tokens", ex.Message);
    }

    [Fact]
    public void PaddedLayoutNeedsContextConditioningAndUnknownValuesAreRejected()
    {
        var config = new TrainConfig { Steps = 1, Data = new DataConfig { ContextLayout = ContextLayout.Padded } };
        Assert.Contains(config.Problems(), p => p.StartsWith("data.context_layout: padded", StringComparison.Ordinal));
        var ex = Assert.Throws<HrmException>(() => ConfigOverrides.Apply(new TrainConfig(), ["data.context_layout=sparse"]));
        Assert.Contains("sparse", ex.Message);
        Assert.Equal(ContextLayout.Padded, ConfigOverrides.Apply(new TrainConfig(), ["data.context_layout=padded"]).Data.ContextLayout);
        // Configs written before the field existed read as packed.
        var node = new TrainConfig().ToNode();
        node["data"]!.AsObject().Remove("context_layout");
        Assert.Equal(ContextLayout.Packed, TrainConfig.FromNode(node, "old").Data.ContextLayout);
    }

    /// <summary>Two tasks per split, two demos each (leave-one-out: 3600 padded tokens; test: 5400), a recolour rule.</summary>
    private static string WriteArcFolder(string root) => TestTasks.WriteRecolourFolder(root, seed: 16);

    [Fact]
    public void TrainAndEvaluateEndToEndInThePaddedLayout()
    {
        using var dir = new TempDir();
        var data = WriteArcFolder(Path.Combine(dir.Path, "arc"));
        var preset = TinyRuns.WritePreset(dir.Path, TinyRuns.Synthetic(steps: 2) with
        {
            Data = new DataConfig
            {
                Kind = DataKind.Arc, Conditioning = Conditioning.Context, Path = data, ContextTokensPerBatch = 8192, ContextMaxLength = 6000, EvalAugmentations = 1, Seed = 1,
            },
            Model = TinyRuns.Synthetic().Model with
            {
                Conditioning = Conditioning.Context, PosEncodings = PosEncoding.Learned, PuzzleEmbNdim = 0, HiddenSize = 16, HaltMaxSteps = 1, HCycles = 1, LCycles = 1,
            },
        });
        var run = Path.Combine(dir.Path, "run");
        var (exit, rep) = RecordingReporter.Run("train", "--preset", preset, "--layout", "padded", "--out", run);
        Assert.True(exit == 0, string.Join("\n", rep.Errors));
        var saved = TrainConfig.Load(Path.Combine(run, "config.json"));
        Assert.Equal(ContextLayout.Padded, saved.Data.ContextLayout);
        Assert.Equal(6000, saved.Model.SeqLen);
        Assert.Contains(rep.Infos, l => l.Contains("in context (padded)", StringComparison.Ordinal));
        // Learned positions end at 6000: the evaluation's 5400-token test inputs fit, nothing is skipped.
        Assert.Empty(rep.Warnings);
        var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(run, "eval", "summary.json")))!.AsObject();
        Assert.Equal(2, summary["eval_tasks"]!.GetValue<double>());
        Assert.Equal(2, summary["train_tasks"]!.GetValue<double>());

        // `hrm eval` takes the layout from the checkpoint: the same numbers as the run's own evaluation.
        var evalDir = Path.Combine(dir.Path, "eval");
        (exit, rep) = RecordingReporter.Run("eval", "--checkpoint", run, "--out", evalDir);
        Assert.True(exit == 0, string.Join("\n", rep.Errors));
        Assert.Contains(rep.Infos, l => l.Contains("in context (padded)", StringComparison.Ordinal));
        Assert.Equal(WithoutTimings(Path.Combine(run, "eval", "summary.json")), WithoutTimings(Path.Combine(evalDir, "summary.json")));

        // An unknown layout is bad input, named with the valid ones.
        var bad = RecordingReporter.Run("train", "--preset", preset, "--layout", "sparse", "--out", Path.Combine(dir.Path, "bad"));
        Assert.Equal(2, bad.Exit);
        Assert.Contains(bad.Reporter.Errors, e => e.Contains("--layout: unknown value 'sparse'; expected packed|padded", StringComparison.Ordinal));
    }

    /// <summary>summary.json without its wall-clock entries (*_seconds_per_task), which differ between identical runs.</summary>
    private static string WithoutTimings(string path)
    {
        var o = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        foreach (var key in o.Select(kv => kv.Key).Where(k => k.Contains("seconds", StringComparison.Ordinal)).ToList())
            o.Remove(key);
        return o.ToJsonString();
    }
}
