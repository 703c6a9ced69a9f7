using HrmSharp.Augmentation;
using HrmSharp.Data;
using HrmSharp.Encoding.Context;
using HrmSharp.Tests.Data;
using V = HrmSharp.Encoding.Context.ContextVocabulary;

namespace HrmSharp.Tests.Encoding.Context;

public class AnswerDecodingTests
{
    private const int O = V.Outside;

    /// <summary>A canvas from text: digits are colours, '.' OUTSIDE, 'e' EOS, 'p' PAD, '?' CANVAS.</summary>
    private static (int[] Tokens, int Rows, int Cols) Canvas(params string[] rows)
    {
        var tokens = rows.SelectMany(r => r.Select(ch => ch switch
        {
            '.' => O,
            'e' => V.Eos,
            'p' => V.Pad,
            '?' => V.Canvas,
            _ => V.Colour(ch - '0'),
        })).ToArray();
        return (tokens, rows.Length, rows[0].Length);
    }

    [Theory]
    [InlineData(new[] { "123", "456" }, 2, 3)]                   // the whole canvas
    [InlineData(new[] { "12.", "45.", "..." }, 2, 2)]            // a clean rectangle
    [InlineData(new[] { "12e", "45e", "eee" }, 2, 2)]            // EOS counts as outside
    [InlineData(new[] { "123.", "45..", "78.." }, 3, 2)]         // ragged: 1x3 (3) < 3x2 (6)
    [InlineData(new[] { "1234", "1...", "1...", "1..." }, 4, 1)] // tie 1x4 = 4x1: more rows wins
    [InlineData(new[] { "12", ".3" }, 1, 2)]                     // a colour cut off from the corner is ignored
    [InlineData(new[] { ".1", "11" }, 0, 0)]                     // corner not a colour: no answer
    [InlineData(new[] { "?1", "11" }, 0, 0)]
    [InlineData(new[] { "1p", "11" }, 2, 1)]
    public void CropSizeIsTheLargestTopLeftRectangleOfColours(string[] rows, int h, int w)
    {
        var (tokens, r, c) = Canvas(rows);
        Assert.Equal((h, w), AnswerCanvas.CropSize(tokens, r, c));
    }

    [Fact]
    public void CropSizeMatchesABruteForceSearchOnRandomCanvases()
    {
        var rng = new Random(11);
        for (int t = 0; t < 500; t++)
        {
            int rows = rng.Next(1, 8), cols = rng.Next(1, 8);
            // Mostly colours so large rectangles occur; a few of every non-colour token.
            var tokens = Enumerable.Range(0, rows * cols)
                .Select(_ => rng.NextDouble() < 0.8 ? V.Colour(rng.Next(10)) : new[] { O, V.Eos, V.Pad, V.Canvas }[rng.Next(4)]).ToArray();
            (int H, int W) best = (0, 0);
            for (int h = 1; h <= rows; h++)
                for (int w = 1; w <= cols; w++)
                {
                    bool all = true;
                    for (int r = 0; r < h && all; r++)
                        for (int c = 0; c < w && all; c++)
                            all = V.IsColour(tokens[r * cols + c]);
                    if (all && (h * w > best.H * best.W || (h * w == best.H * best.W && h > best.H))) best = (h, w);
                }
            Assert.Equal(best, AnswerCanvas.CropSize(tokens, rows, cols));
        }
    }

    [Fact]
    public void PerfectPredictionsRoundTripOnRandomTasksIncludingTheFallback()
    {
        var rng = new Random(12);
        int fallbacks = 0;
        foreach (var options in new[] { new ContextEncoderOptions(), new ContextEncoderOptions { MarkBoundary = true },
            new ContextEncoderOptions { Layout = ContextLayout.Padded } })
        {
            var encoder = new ContextEncoder(options);
            for (int t = 0; t < 60; t++)
            {
                var task = TestTasks.RandomTask(rng, $"r{t}");
                if (t % 10 == 0) // a 30x30 answer never fits a canvas of inputs and outputs up to 8x8
                    task = task with { Test = [task.Test[0] with { Output = Grid.Create(30, 30, (r, c) => (r * c + t) % 10) }] };
                foreach (var seq in encoder.EncodeTests(task))
                {
                    fallbacks += seq.Canvas.UsedFallback ? 1 : 0;
                    var decoded = ContextDecoder.Decode(seq, seq.Labels);
                    Assert.Equal(task.Test[seq.QueryIndex].Output, decoded.Grid);
                    // Canvas-only predictions decode the same.
                    Assert.Equal(decoded, ContextDecoder.Decode(seq, seq.Labels.AsSpan(seq.Canvas.Start).ToArray()));
                    var score = ContextDecoder.Score(seq, seq.Labels);
                    Assert.True(score.Exact);
                    Assert.Equal(seq.Canvas.Count, score.TokensRight);
                }
            }
        }
        Assert.True(fallbacks >= 6, $"only {fallbacks} sequences took the 30x30 fallback");
    }

    [Fact]
    public void SizeAndCellsAreScoredApart()
    {
        // Query 3x3, answer 2x2 of 5s: the canvas is 3x3.
        var seq = new ContextEncoder().Encode("t", [], new Pair(Grid.Filled(3, 3, 0), Grid.Filled(2, 2, 5)), QueryKind.Test, 0, TaskAugmentation.Identity);
        int[] Predict(params string[] rows) => Canvas(rows).Tokens;

        var exact = ContextDecoder.Score(seq, Predict("55.", "55.", "..."));
        Assert.Equal(new AnswerScore(true, true, 9, 9, 4, 4), exact);

        // Right cells, but a colour where OUTSIDE belongs widens the answer: size wrong.
        var wide = ContextDecoder.Score(seq, Predict("555", "555", "..."));
        Assert.Equal(new AnswerScore(false, true, 7, 9, 4, 4), wide); // the colours are all right: only the size is not
        Assert.Equal(Grid.Filled(2, 3, 5), ContextDecoder.Decode(seq, Predict("555", "555", "...")).Grid);

        // Right size, one wrong colour.
        Assert.Equal(new AnswerScore(true, false, 8, 9, 3, 4), ContextDecoder.Score(seq, Predict("55.", "57.", "...")));
        Assert.False(new AnswerScore(true, false, 8, 9).Exact);

        // Nothing predicted at the corner: no grid, size wrong.
        var none = ContextDecoder.Decode(seq, Predict("...", "...", "..."));
        Assert.Equal(new DecodedAnswer(null, 0, 0), none);

        var ex = Assert.Throws<ArgumentException>(() => ContextDecoder.Decode(seq, new int[5]));
        Assert.StartsWith("expected 18 predicted tokens (whole sequence) or 9 (canvas), got 5", ex.Message);
    }

    [Fact]
    public void AnAnswerBeyondTheEvaluationCanvasCanNeverScoreExact()
    {
        var query = new Pair(Grid.Filled(2, 2, 1), Grid.Filled(3, 3, 4));
        var seq = new ContextEncoder(new ContextEncoderOptions { FallbackToFullCanvas = false })
            .Encode("t", [], query, QueryKind.Test, 0, TaskAugmentation.Identity);
        Assert.False(seq.Canvas.AnswerFits);
        var score = ContextDecoder.Score(seq, seq.Labels); // the best this canvas can hold: the answer clipped to 2x2
        Assert.Equal((false, false), (score.SizeCorrect, score.CellsCorrect));
        Assert.Equal((4, 4), (score.AnswerCellsRight, score.AnswerCells)); // colour accuracy counts the cells on the canvas
    }

    [Fact]
    public void AugmentEncodeDecodeInvertGivesTheOriginalAnswer()
    {
        var rng = new Random(13);
        var encoder = new ContextEncoder();
        for (int t = 0; t < 40; t++)
        {
            var task = TestTasks.RandomTask(rng, $"a{t}");
            var aug = new TaskAugmentation(new Dihedral(rng.Next(8)), ColourPermutation.Random(rng, permuteBackground: true));
            var sequences = encoder.EncodeTests(task, aug);
            foreach (var seq in sequences)
            {
                Assert.Equal(aug, seq.Augmentation);
                var answer = task.Test[seq.QueryIndex].Output!;
                var decoded = ContextDecoder.Decode(seq, seq.Labels);
                Assert.Equal(aug.Apply(answer), decoded.Grid);
                Assert.Equal(answer, ContextDecoder.ToOriginal(seq, decoded));
                // Every grid of the sequence is the augmented original: one augmentation for the whole task.
                for (int d = 0; d < task.Train.Count; d++)
                {
                    Assert.Equal(aug.Apply(task.Train[d].Input), ContextEncoderTests.GridAt(seq, 2 * d));
                    Assert.Equal(aug.Apply(task.Train[d].Output!), ContextEncoderTests.GridAt(seq, 2 * d + 1));
                }
                Assert.Equal(aug.Apply(task.Test[seq.QueryIndex].Input), ContextEncoderTests.GridAt(seq, 2 * task.Train.Count));
            }
        }
    }

    [Fact]
    public void LeaveOneOutMakesOneSequencePerDemoPlusKnownTests()
    {
        var rng = new Random(14);
        var encoder = new ContextEncoder();
        var task = TestTasks.RandomTask(rng, "loo");
        task = task with { Train = task.Train.Concat([new Pair(TestTasks.RandomGrid(rng), TestTasks.RandomGrid(rng))]).ToArray(),
                           Test = [task.Test[0], new Pair(TestTasks.RandomGrid(rng), null)] };
        int k = task.Train.Count;

        var plain = encoder.LeaveOneOut(task, includeTests: false);
        Assert.Equal(k, plain.Count);
        var withTests = encoder.LeaveOneOut(task, includeTests: true);
        Assert.Equal(k + 1, withTests.Count); // the unanswered test gives none

        for (int i = 0; i < k; i++)
        {
            var seq = plain[i];
            Assert.Equal((QueryKind.Demo, i, k - 1), (seq.QueryKind, seq.QueryIndex, seq.Demos));
            var others = task.Train.Where((_, j) => j != i).ToArray();
            for (int d = 0; d < others.Length; d++)
                Assert.Equal(others[d].Input, ContextEncoderTests.GridAt(seq, 2 * d));
            Assert.Equal(task.Train[i].Input, ContextEncoderTests.GridAt(seq, 2 * (k - 1)));
            Assert.Equal(task.Train[i].Output, ContextDecoder.Decode(seq, seq.Labels).Grid);
        }
        Assert.Equal((QueryKind.Test, 0, k), (withTests[^1].QueryKind, withTests[^1].QueryIndex, withTests[^1].Demos));
    }

    [Fact]
    public void ABatchDecodesPerSequenceIntoTheOriginalFrame()
    {
        var rng = new Random(15);
        var encoder = new ContextEncoder();
        var tasks = Enumerable.Range(0, 8).Select(t => TestTasks.RandomTask(rng, $"d{t}", testOutputs: t % 2 == 0)).ToArray();
        var augs = tasks.Select(_ => new TaskAugmentation(new Dihedral(rng.Next(8)), ColourPermutation.Random(rng))).ToArray();
        var sequences = tasks.SelectMany((t, i) => encoder.EncodeTests(t, augs[i])).ToList();
        var plan = BatchPlanner.Plan(sequences.Select(s => s.Length).ToArray(), new BatchingOptions { MaxRowLength = 600, TokensPerBatch = int.MaxValue }, 1).Single();
        var batch = ContextBatch.Build(sequences, plan);

        // Predict the known answers where there are labels, and a 1x1 grid of colour 3 where there are none.
        var predicted = batch.Labels.Select((l, i) => l != ContextVocabulary.IgnoreLabel ? l : V.Outside).ToArray();
        foreach (var seg in batch.Segments.Where(s => s.Sequence.Canvas.Answer is null))
            predicted[seg.Row * batch.Length + seg.CanvasStart] = V.Colour(3);

        var decoded = ContextDecoder.DecodeBatch(batch, predicted);
        Assert.Equal(sequences.Count, decoded.Count);
        foreach (var d in decoded)
        {
            var seq = d.Segment.Sequence;
            var task = tasks.Single(t => t.Id == seq.TaskId);
            if (task.Test[seq.QueryIndex].Output is { } answer)
            {
                Assert.Equal(answer, d.Original);
                Assert.True(d.Score!.Exact);
            }
            else
            {
                Assert.Null(d.Score);
                Assert.Equal(seq.Augmentation.Invert(Grid.Filled(1, 1, 3)), d.Original);
            }
        }
    }
}
