using HrmSharp.Augmentation;
using HrmSharp.Data;
using HrmSharp.Data.Sudoku;
using HrmSharp.Encoding.Context;
using HrmSharp.Tests.Data;
using V = HrmSharp.Encoding.Context.ContextVocabulary;

namespace HrmSharp.Tests.Encoding.Context;

public class ContextEncoderTests
{
    private const int N = V.IgnoreLabel;

    [Fact]
    public void PacksAHandWrittenTaskTokenByToken()
    {
        // demo [[1,2]] -> [[3],[4]]; query [[5]] -> [[6]]. Canvas = max(1x1 query, 2x1 demo output) = 2x1.
        var task = new ArcTask("t", [new Pair(Grid.FromRows([1, 2]), Grid.FromRows([3], [4]))],
                               [new Pair(Grid.FromRows([5]), Grid.FromRows([6]))]);
        var seq = Assert.Single(new ContextEncoder().EncodeTests(task));

        Assert.Equal([3, 4, 5, 6, 7, V.Canvas, V.Canvas], seq.Tokens);
        Assert.Equal([N, N, N, N, N, 8, V.Outside], seq.Labels);
        Assert.Equal([3, 3, 2, 2, 1, 0, 0], seq.GridIndex); // numbered from the end: canvas 0, query 1
        Assert.Equal([0, 0, 1, 1, 2, 3, 3], seq.Role);
        Assert.Equal([0, 0, 0, 1, 0, 0, 1], seq.Row);
        Assert.Equal([0, 1, 0, 0, 0, 0, 0], seq.Col);
        Assert.Equal([1, 1, 2, 2, 1, 2, 2], seq.GridRows);
        Assert.Equal([2, 2, 1, 1, 1, 1, 1], seq.GridCols);
        Assert.Equal(new AnswerCanvas(5, 2, 1, Grid.FromRows([6]), false), seq.Canvas);
        Assert.Equal((1, QueryKind.Test, 0, "t"), (seq.Demos, seq.QueryKind, seq.QueryIndex, seq.TaskId));
    }

    [Fact]
    public void LabelsAreOnTheCanvasOnlyAndEveryCanvasCellHasOne()
    {
        var rng = new Random(1);
        var encoder = new ContextEncoder();
        for (int t = 0; t < 50; t++)
        {
            var task = TestTasks.RandomTask(rng, $"r{t}");
            var sequences = encoder.EncodeTests(task);
            Assert.Equal(task.Test.Count, sequences.Count);
            foreach (var seq in sequences)
            {
                var query = task.Test[seq.QueryIndex];
                // Canvas by the max rule, computed here; the fallback when the answer does not fit.
                int rows = task.Train.Select(p => p.Output!.Rows).Append(query.Input.Rows).Max();
                int cols = task.Train.Select(p => p.Output!.Cols).Append(query.Input.Cols).Max();
                if (query.Output!.Rows > rows || query.Output.Cols > cols) (rows, cols) = (30, 30);
                int expected = task.Train.Sum(p => p.Input.Count + p.Output!.Count) + query.Input.Count + rows * cols;
                Assert.Equal(expected, seq.Length);
                Assert.Equal(expected, encoder.Length(task.Train, query));

                var canvas = seq.Canvas;
                Assert.Equal((rows, cols, seq.Length - rows * cols), (canvas.Rows, canvas.Cols, canvas.Start));
                for (int i = 0; i < seq.Length; i++)
                {
                    bool onCanvas = i >= canvas.Start;
                    Assert.Equal(onCanvas, seq.Labels[i] != N);
                    Assert.Equal(onCanvas, seq.Tokens[i] == V.Canvas);
                    Assert.Equal(onCanvas, seq.Role[i] == (int)GridRole.Canvas);
                }
            }
        }
    }

    /// <summary>Reads back the g-th grid of the sequence, counting from its start (packed layout).</summary>
    internal static Grid GridAt(ContextSequence seq, int g)
    {
        int index = seq.GridIndex[0] - g; // indices count down from the first grid to the canvas (0)
        var at = Enumerable.Range(0, seq.Length).Where(i => seq.GridIndex[i] == index).ToArray();
        int rows = seq.GridRows[at[0]], cols = seq.GridCols[at[0]];
        Assert.Equal(rows * cols, at.Length);
        return Grid.Create(rows, cols, (r, c) => V.ColourOf(seq.Tokens[at[r * cols + c]]));
    }

    [Fact]
    public void QueryAndCanvasCarryTheSameGridIndicesInTrainingAndAtTestTime()
    {
        // Leave-one-out training puts one demo fewer in context than answering a test input does; the query input and
        // the canvas must still get the grid indices (and so the learned embeddings) the model was trained with.
        var task = TestTasks.RandomTask(new Random(4), "q");
        var encoder = new ContextEncoder();
        foreach (var seq in encoder.LeaveOneOut(task, includeTests: true).Concat(encoder.EncodeTests(task)))
        {
            var query = Enumerable.Range(0, seq.Length).Where(i => seq.Role[i] == (int)GridRole.QueryInput).Select(i => seq.GridIndex[i]).Distinct();
            var canvas = Enumerable.Range(0, seq.Length).Where(i => seq.Role[i] == (int)GridRole.Canvas).Select(i => seq.GridIndex[i]).Distinct();
            Assert.Equal([1], query);
            Assert.Equal([0], canvas);
        }
    }

    [Fact]
    public void GridsAppearInOrderAtTheirRealSize()
    {
        var rng = new Random(2);
        var task = TestTasks.RandomTask(rng, "g");
        var seq = new ContextEncoder().EncodeTests(task)[0];
        for (int d = 0; d < task.Train.Count; d++)
        {
            Assert.Equal(task.Train[d].Input, GridAt(seq, 2 * d));
            Assert.Equal(task.Train[d].Output, GridAt(seq, 2 * d + 1));
        }
        Assert.Equal(task.Test[0].Input, GridAt(seq, 2 * task.Train.Count));
        // Grid indices never increase along the sequence (the canvas is 0, the query 1), and each grid is row-major.
        Assert.Equal(0, seq.GridIndex[^1]);
        Assert.Equal(2 * task.Train.Count + 1, seq.GridIndex[0]);
        for (int i = 1; i < seq.Length; i++)
        {
            Assert.True(seq.GridIndex[i] <= seq.GridIndex[i - 1]);
            if (seq.GridIndex[i] == seq.GridIndex[i - 1])
                Assert.Equal(seq.Row[i - 1] * seq.GridCols[i] + seq.Col[i - 1] + 1, seq.Row[i] * seq.GridCols[i] + seq.Col[i]);
        }
    }

    [Fact]
    public void CanvasFollowsTheMaxRuleAndFallsBackTo30x30OnlyForAKnownAnswerThatDoesNotFit()
    {
        var demo = new Pair(Grid.Filled(2, 5, 1), Grid.Filled(4, 3, 2));
        var small = new Pair(Grid.Filled(3, 2, 3), Grid.Filled(4, 5, 4)); // canvas max(3x2, 4x3) = 4x3; answer 4x5 does not fit
        var fits = new Pair(Grid.Filled(3, 2, 3), Grid.Filled(2, 2, 4));
        var encoder = new ContextEncoder();

        var c1 = encoder.Encode("t", [demo], fits, QueryKind.Test, 0, TaskAugmentation.Identity).Canvas;
        Assert.Equal((4, 3, false, true), (c1.Rows, c1.Cols, c1.UsedFallback, c1.AnswerFits));

        var c2 = encoder.Encode("t", [demo], small, QueryKind.Test, 0, TaskAugmentation.Identity).Canvas;
        Assert.Equal((30, 30, true, true), (c2.Rows, c2.Cols, c2.UsedFallback, c2.AnswerFits));

        // Inference (no answer) and honest evaluation: always the max rule.
        var unknown = encoder.Encode("t", [demo], small with { Output = null }, QueryKind.Test, 0, TaskAugmentation.Identity);
        Assert.Equal((4, 3), (unknown.Canvas.Rows, unknown.Canvas.Cols));
        Assert.All(unknown.Labels, l => Assert.Equal(N, l));
        var eval = new ContextEncoder(new ContextEncoderOptions { FallbackToFullCanvas = false })
            .Encode("t", [demo], small, QueryKind.Test, 0, TaskAugmentation.Identity).Canvas;
        Assert.Equal((4, 3, false, false), (eval.Rows, eval.Cols, eval.UsedFallback, eval.AnswerFits));

        var full = new ContextEncoder(new ContextEncoderOptions { Canvas = CanvasRule.Full })
            .Encode("t", [demo], fits, QueryKind.Test, 0, TaskAugmentation.Identity).Canvas;
        Assert.Equal((30, 30, false), (full.Rows, full.Cols, full.UsedFallback));
    }

    [Fact]
    public void TheInputSideNeverDependsOnTheAnswerWhileItFits()
    {
        var rng = new Random(3);
        var encoder = new ContextEncoder();
        var demos = new[] { new Pair(TestTasks.RandomGrid(rng), Grid.Filled(6, 6, 1)) };
        var input = TestTasks.RandomGrid(rng, 6);
        var a = encoder.Encode("t", demos, new Pair(input, Grid.Filled(2, 3, 5)), QueryKind.Test, 0, TaskAugmentation.Identity);
        var b = encoder.Encode("t", demos, new Pair(input, Grid.Filled(6, 6, 7)), QueryKind.Test, 0, TaskAugmentation.Identity);
        foreach (var pick in new Func<ContextSequence, int[]>[] { s => s.Tokens, s => s.GridIndex, s => s.Role, s => s.Row, s => s.Col, s => s.GridRows, s => s.GridCols })
            Assert.Equal(pick(a), pick(b));
        Assert.NotEqual(a.Labels, b.Labels);
    }

    [Fact]
    public void MarkBoundaryLabelsTheRowAndColumnJustPastTheAnswer()
    {
        var query = new Pair(Grid.Filled(4, 4, 0), Grid.Filled(2, 3, 9));
        var seq = new ContextEncoder(new ContextEncoderOptions { MarkBoundary = true })
            .Encode("t", [], query, QueryKind.Test, 0, TaskAugmentation.Identity);
        int c9 = V.Colour(9), E = V.Eos, O = V.Outside;
        Assert.Equal([c9, c9, c9, E,
                      c9, c9, c9, E,
                      E,  E,  E,  E,
                      O,  O,  O,  O], seq.Labels.AsSpan(seq.Canvas.Start).ToArray());
    }

    [Fact]
    public void ATaskWithoutDemosIsInputThenCanvas()
    {
        var sudoku = SudokuGenerator.Generate(new Random(4), new SudokuGeneratorOptions());
        var seq = Assert.Single(new ContextEncoder().EncodeTests(sudoku.ToTask("s")));
        Assert.Equal(162, seq.Length);
        Assert.Equal((0, 81, 9, 9), (seq.Demos, seq.Canvas.Start, seq.Canvas.Rows, seq.Canvas.Cols));
        Assert.Equal(sudoku.Question.Cells.ToArray().Select(c => V.Colour(c)), seq.Tokens.Take(81));
        Assert.Equal(sudoku.Solution.Cells.ToArray().Select(c => V.Colour(c)), seq.Labels.Skip(81));
        Assert.Equal([(int)GridRole.QueryInput, (int)GridRole.Canvas], seq.Role.Distinct());
    }

    [Fact]
    public void PaddedLayoutPutsEveryGridOnA30x30CanvasWithTheSameRealCells()
    {
        var rng = new Random(5);
        var task = TestTasks.RandomTask(rng, "p");
        var packed = new ContextEncoder().EncodeTests(task)[0];
        var padded = new ContextEncoder(new ContextEncoderOptions { Layout = ContextLayout.Padded }).EncodeTests(task)[0];
        Assert.Equal(900 * (2 * task.Train.Count + 2), padded.Length);
        Assert.Equal((30, 30, padded.Length - 900), (padded.Canvas.Rows, padded.Canvas.Cols, padded.Canvas.Start));

        for (int i = 0; i < padded.Length; i++)
        {
            int g = padded.GridIndex[i];
            Assert.Equal(padded.Length / 900 - 1 - i / 900, g);
            Assert.Equal(((i % 900) / 30, i % 30), (padded.Row[i], padded.Col[i]));
            bool inside = padded.Row[i] < padded.GridRows[i] && padded.Col[i] < padded.GridCols[i];
            if (padded.Role[i] == (int)GridRole.Canvas) Assert.Equal(V.Canvas, padded.Tokens[i]);
            else if (!inside) Assert.Equal(V.Pad, padded.Tokens[i]);
        }
        // The real cells, read in order, are the packed sequence's non-canvas tokens with the same features.
        var real = Enumerable.Range(0, padded.Canvas.Start)
            .Where(i => padded.Row[i] < padded.GridRows[i] && padded.Col[i] < padded.GridCols[i]).ToArray();
        Assert.Equal(packed.Tokens.Take(packed.Canvas.Start), real.Select(i => padded.Tokens[i]));
        Assert.Equal(packed.Row.Take(packed.Canvas.Start), real.Select(i => padded.Row[i]));
        Assert.Equal(packed.GridRows.Take(packed.Canvas.Start), real.Select(i => padded.GridRows[i]));
        Assert.Equal(packed.Role.Take(packed.Canvas.Start), real.Select(i => padded.Role[i]));
        // Same answer on both canvases.
        var answer = task.Test[0].Output;
        Assert.Equal(answer, ContextDecoder.Decode(padded, padded.Labels).Grid);
    }

    [Fact]
    public void TooManyDemosIsAClearError()
    {
        var pair = new Pair(Grid.Filled(1, 1, 0), Grid.Filled(1, 1, 1));
        var task = new ArcTask("big", Enumerable.Repeat(pair, ContextLimits.MaxDemos + 1).ToArray(), [pair]);
        var ex = Assert.Throws<HrmException>(() => new ContextEncoder().EncodeTests(task));
        Assert.Equal($"task big: {ContextLimits.MaxDemos + 1} demo pairs; an in-context sequence holds at most {ContextLimits.MaxDemos}", ex.Message);
        Assert.Single(new ContextEncoder().EncodeTests(task with { Train = task.Train.Skip(1).ToArray() }));
    }

    [Fact]
    public void OptionValuesParseByLowerCaseNameAndRejectUnknownOnes()
    {
        Assert.Equal(ContextLayout.Padded, OptionValue.Parse<ContextLayout>("padded", "--layout"));
        var ex = Assert.Throws<HrmException>(() => OptionValue.Parse<ContextLayout>("folded", "--layout"));
        Assert.Equal("--layout: unknown value 'folded'; expected packed|padded", ex.Message);
        Assert.Equal(HrmSharp.Modeling.PosEncoding.Rope2d, HrmSharp.Cli.Commands.TrainSetup.PosEncodingOf("rope2d"));
        Assert.Equal(HrmSharp.Modeling.PosEncoding.Rope, HrmSharp.Cli.Commands.TrainSetup.PosEncodingOf("rope1d"));
        ex = Assert.Throws<HrmException>(() => HrmSharp.Cli.Commands.TrainSetup.PosEncodingOf("rope3d"));
        Assert.Equal("--pos: unknown value 'rope3d'; use rope1d, rope2d or learned", ex.Message);
    }
}
