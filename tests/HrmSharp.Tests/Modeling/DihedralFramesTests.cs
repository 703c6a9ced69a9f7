using HrmSharp.Data;
using HrmSharp.Encoding.Context;
using HrmSharp.Modeling.Layers;
using static TorchSharp.torch;
using HrmSharp.Modeling;

namespace HrmSharp.Tests.Modeling;

/// <summary>
/// rope_frames dihedral: in head h an output cell takes the rotary position of the input cell it comes from under the
/// h-th symmetry, so attention can align the two; inputs keep their own positions, and the frames follow the paired
/// input grid (the query input for the canvas), never the canvas's own size.
/// </summary>
public sealed class DihedralFramesTests
{
    private const int Heads = 8, HeadDim = 16;

    /// <summary>One test sequence: two 3×5 demos, a 3×5 query, and a 4×6 demo output so the max-rule canvas is bigger than the query.</summary>
    private static (ContextBatch Batch, ContextSequence Sequence) OneSequence()
    {
        var rng = new Random(3);
        Grid G(int r, int c) => Grid.Create(r, c, (_, _) => rng.Next(10));
        var task = new ArcTask("t", [new Pair(G(3, 5), G(3, 5)), new Pair(G(2, 2), G(4, 6))], [new Pair(G(3, 5), G(3, 5))]);
        var seq = new ContextEncoder().EncodeTests(task)[0];
        return (ContextBatch.Build([seq], new BatchPlan([[0]], seq.Length)), seq);
    }

    [Fact]
    public void PairDimsAreTheQueryInputsForTheCanvasAndEachDemoInputsForItsOutput()
    {
        var (batch, seq) = OneSequence();
        for (int i = 0; i < seq.Length; i++)
        {
            var (h, w) = (GridRole)seq.Role[i] switch
            {
                GridRole.Canvas or GridRole.QueryInput => (2, 4), // the 3×5 query, not the 4×6 canvas
                _ when seq.GridIndex[i] >= 4 => (2, 4),          // the first demo (3×5 in and out): grids 5, 4 counted from the end
                _ => (1, 1),                                     // the second demo's 2×2 input, also for its 4×6 output
            };
            Assert.Equal((h, w), (batch.PairHeight[i], batch.PairWidth[i]));
        }
        Assert.Equal((4, 6), (seq.Canvas.Rows, seq.Canvas.Cols));
    }

    [Fact]
    public void EachHeadAlignsACanvasCellWithItsSourceUnderThatHeadsSymmetryAndInputsKeepTheirPlace()
    {
        using var scope = NewDisposeScope();
        var (batch, seq) = OneSequence();
        var f = ContextBatchTensors.ToActBatch(batch).Context!;
        var isOutput = f.Role.eq((long)GridRole.DemoOutput).logical_or(f.Role.eq((long)GridRole.Canvas));
        var (cos, sin) = RotaryEmbedding.TablesDihedral(f.Row, f.Col, f.PairHeight, f.PairWidth, isOutput, Heads, HeadDim, 10000);
        Assert.Equal([1, seq.Length, Heads, HeadDim], cos.shape);
        var (plainCos, _) = RotaryEmbedding.Tables2D(f.Row, f.Col, HeadDim, 10000); // [1, S, D]

        int queryStart = Enumerable.Range(0, seq.Length).First(i => seq.Role[i] == (int)GridRole.QueryInput);
        int Query(int r, int c) => queryStart + r * 5 + c;           // the 3×5 query input, row-major
        int Canvas(int r, int c) => seq.Canvas.Start + r * seq.Canvas.Cols + c;
        // Output (r, c) -> input cell, per head (h1 = 2, w1 = 4 for the 3×5 query).
        Func<int, int, (int, int)>[] source =
        [
            (r, c) => (r, c), (r, c) => (r, 4 - c), (r, c) => (2 - r, c), (r, c) => (2 - r, 4 - c),
            (r, c) => (c, r), (r, c) => (2 - c, 4 - r), (r, c) => (2 - c, r), (r, c) => (c, 4 - r),
        ];
        for (int h = 0; h < Heads; h++)
        {
            int checkedCells = 0;
            for (int r = 0; r < 3; r++)
                for (int c = 0; c < 5; c++)
                {
                    var (sr, sc) = source[h](r, c);
                    if (sr is < 0 or > 2 || sc is < 0 or > 4) continue; // transposes of a 3×5 grid leave the grid
                    Assert.True(cos[0, Canvas(r, c), h].allclose(cos[0, Query(sr, sc), h], atol: 1e-6), $"head {h}: canvas ({r},{c}) vs input ({sr},{sc})");
                    Assert.True(sin[0, Canvas(r, c), h].allclose(sin[0, Query(sr, sc), h], atol: 1e-6));
                    checkedCells++;
                }
            Assert.True(checkedCells >= 9);
            // Inputs turn by their own (row, col) in every head.
            Assert.True(cos[0, queryStart..(queryStart + 15), h].allclose(plainCos[0, queryStart..(queryStart + 15)], atol: 1e-6));
        }
    }

    [Fact]
    public void PerHeadTablesTurnEachHeadOfQAndKByItsOwnTable()
    {
        using var scope = NewDisposeScope();
        manual_seed(2);
        var x = randn(2, 5, 2 * 3, 8);                                   // q's 3 heads then k's 3
        var rows = randint(0, 9, [2, 5, 3]);
        var cols = randint(0, 9, [2, 5, 3]);
        var (cos, sin) = RotaryEmbedding.Tables2D(rows, cols, 8, 10000); // [2, 5, 3, 8]
        var got = RotaryEmbedding.Rotate(x, cos, sin);
        for (int head = 0; head < 6; head++)
        {
            var (c1, s1) = RotaryEmbedding.Tables2D(rows[.., .., head % 3], cols[.., .., head % 3], 8, 10000); // [2, 5, 8]
            var one = RotaryEmbedding.Rotate(x[.., .., head..(head + 1)], c1, s1);
            Assert.True(got[.., .., head..(head + 1)].allclose(one, atol: 1e-6), $"head {head}");
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void APairOffsetKeepsEachPairAlignedAndMovesOtherPairsAway(bool frames)
    {
        using var scope = NewDisposeScope();
        var (batch, seq) = OneSequence();
        var f = ContextBatchTensors.ToActBatch(batch).Context!;
        var config = new HrmSharp.Modeling.ModelConfig
        {
            Conditioning = HrmSharp.Modeling.Conditioning.Context, PosEncodings = HrmSharp.Modeling.PosEncoding.Rope2d,
            RopeFrames = frames ? HrmSharp.Modeling.RopeFrames.Dihedral : HrmSharp.Modeling.RopeFrames.None, RopePairOffset = 32,
            HiddenSize = 128, NumHeads = Heads, HLayers = 1, LLayers = 1, VocabSize = ContextVocabulary.Size, SeqLen = 64,
            PuzzleEmbNdim = 0, ForwardDtype = HrmSharp.Modeling.ForwardDType.Float32,
        };
        using var model = new HrmSharp.Modeling.ReasoningModel(config, null);
        var attention = model.Context(f);
        var cos = attention.Cos!;                                        // [1, S, H, D] or [1, S, D]
        Tensor At(int token) => frames ? cos[0, token, 0] : cos[0, token]; // head 0 is the identity frame
        int First(GridRole role, int grid) => Enumerable.Range(0, seq.Length).First(i => seq.Role[i] == (int)role && seq.GridIndex[i] == grid);
        int canvas = seq.Canvas.Start, query = First(GridRole.QueryInput, 1);
        int firstDemoIn = First(GridRole.DemoInput, 5), firstDemoOut = First(GridRole.DemoOutput, 4);
        Assert.True(At(canvas).allclose(At(query), atol: 1e-6), "cell (0,0) of the canvas and of its query input");
        Assert.True(At(firstDemoOut).allclose(At(firstDemoIn), atol: 1e-6), "cell (0,0) of a demo output and its own input");
        Assert.False(At(canvas).allclose(At(firstDemoIn), atol: 1e-3), "another pair's cell (0,0) sits elsewhere");
        var (plain, _) = RotaryEmbedding.Tables2D(f.Row, f.Col, HeadDim, 10000);
        Assert.True(At(query).allclose(plain[0, query], atol: 1e-6), "the query's own pair is not moved");
    }
}
