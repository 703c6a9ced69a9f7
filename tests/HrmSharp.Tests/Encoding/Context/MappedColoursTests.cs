using HrmSharp.Tests.Modeling;
using HrmSharp.Data;
using HrmSharp.Encoding.Context;
using HrmSharp.Modeling;
using HrmSharp.Modeling.Layers;
using static TorchSharp.torch;

namespace HrmSharp.Tests.Encoding.Context;

/// <summary>
/// paired_colours mapped and size_hint: after the 8 symmetries, output cells carry their paired input's colour under 6
/// maps that depend on the output's size (scaled, far-corner anchored, tiled plain or mirrored), a demo output by its
/// own size and the canvas by the size the demos imply, which the canvas is also told cell by cell.
/// </summary>
public sealed class MappedColoursTests
{
    private const int Scaled = 8, Anchored = 9, Tiled = 10, TiledMirrorLeftRight = 11;

    private static Grid G(Random rng, int rows, int cols) => Grid.Create(rows, cols, (_, _) => rng.Next(10));

    private static (ContextSequence Seq, ContextBatch Batch) Encode(ArcTask task)
    {
        var seq = new ContextEncoder().EncodeTests(task)[0];
        return (seq, ContextBatch.Build([seq], new BatchPlan([[0]], seq.Length)));
    }

    private static int Slot(ContextBatch batch, int token, int frame) => batch.PairedColours[token * ContextBatch.PairedFrames + frame];

    /// <summary>Asserts every demo-output cell for which <paramref name="frameAt"/> names a frame agrees with its input there.</summary>
    private static void DemoOutputsAgree(ContextSequence seq, ContextBatch batch, Func<int, int, int?> frameAt)
    {
        int checkedCells = 0;
        for (int i = 0; i < seq.Length; i++)
        {
            if ((GridRole)seq.Role[i] != GridRole.DemoOutput || frameAt(seq.Row[i], seq.Col[i]) is not { } frame) continue;
            Assert.Equal(ContextVocabulary.ColourOf(seq.Tokens[i]) + 1, Slot(batch, i, frame));
            Assert.Equal(ContextBatch.Agrees, batch.PairedAgreement[i * ContextBatch.PairedFrames + frame]);
            Assert.Equal(ContextBatch.NoHint, batch.SizeHint[i]);
            checkedCells++;
        }
        Assert.True(checkedCells > 0, "no demo-output cell was checked");
    }

    private static Grid Enlarge(Grid g, int k) => Grid.Create(g.Rows * k, g.Cols * k, (r, c) => g[r / k, c / k]);

    [Fact]
    public void AScaledUpAnswerIsTheScaledMapAndTheCanvasIsToldItsImpliedSize()
    {
        var rng = new Random(1);
        var (a, b, query) = (G(rng, 2, 3), G(rng, 3, 2), G(rng, 2, 2));
        var (seq, batch) = Encode(new ArcTask("t", [new Pair(a, Enlarge(a, 2)), new Pair(b, Enlarge(b, 2))], [new Pair(query, null)]));
        DemoOutputsAgree(seq, batch, (_, _) => Scaled);

        // The max-rule canvas is 6×6; the demos imply 4×4 (twice the 2×2 query).
        Assert.Equal((6, 6), (seq.Canvas.Rows, seq.Canvas.Cols));
        for (int r = 0; r < 6; r++)
            for (int c = 0; c < 6; c++)
            {
                int i = seq.Canvas.Start + r * 6 + c;
                bool inside = r < 4 && c < 4;
                Assert.Equal(inside ? ContextBatch.InsideHint : ContextBatch.OutsideHint, batch.SizeHint[i]);
                Assert.Equal(inside ? query[r / 2, c / 2] + 1 : 0, Slot(batch, i, Scaled));
                // Beyond the implied answer every size-dependent map is none; the symmetries read the query as before.
                if (!inside)
                    for (int frame = ContextBatch.SymmetryFrames; frame < ContextBatch.PairedFrames; frame++)
                        Assert.Equal(0, Slot(batch, i, frame));
            }
    }

    [Fact]
    public void AShrunkAnswerIsTheScaledMapToo()
    {
        var rng = new Random(2);
        var (small, smaller) = (G(rng, 2, 3), G(rng, 1, 2));
        var (seq, batch) = Encode(new ArcTask("t", [new Pair(Enlarge(small, 2), small), new Pair(Enlarge(smaller, 2), smaller)],
            [new Pair(G(rng, 4, 4), null)]));
        DemoOutputsAgree(seq, batch, (_, _) => Scaled);
    }

    [Fact]
    public void ATilingWithAMirroredTileAgreesTileByTile()
    {
        var rng = new Random(3);
        Grid Tiles(Grid g) => Grid.Create(g.Rows, 2 * g.Cols, (r, c) => c < g.Cols ? g[r, c] : g[r, 2 * g.Cols - 1 - c]);
        var (a, b) = (G(rng, 3, 3), G(rng, 2, 4));
        var (seq, batch) = Encode(new ArcTask("t", [new Pair(a, Tiles(a)), new Pair(b, Tiles(b))], [new Pair(G(rng, 3, 2), null)]));
        // The demo's own input width tells the tiles apart: 3 for the first demo's output, 4 for the second's.
        int demo = 0, lastGrid = -1;
        int?[] widths = [3, 4];
        var frames = new Dictionary<int, int>();
        for (int i = 0; i < seq.Length; i++)
        {
            if ((GridRole)seq.Role[i] != GridRole.DemoOutput) continue;
            if (lastGrid >= 0 && seq.GridIndex[i] != lastGrid) demo++;
            lastGrid = seq.GridIndex[i];
            int frame = seq.Col[i] < widths[demo] ? Tiled : TiledMirrorLeftRight;
            Assert.Equal(ContextBatch.Agrees, batch.PairedAgreement[i * ContextBatch.PairedFrames + frame]);
            frames[frame] = frames.GetValueOrDefault(frame) + 1;
        }
        Assert.Equal(2, frames.Count);
        int canvas = seq.Canvas.Start; // implied 3×4: the canvas's cell (0, 2) is the mirrored tile's first column
        Assert.Equal(ContextBatch.InsideHint, batch.SizeHint[canvas + 2]);
    }

    [Fact]
    public void OnePartOfASplitInputIsTheFarCornerAnchoredMap()
    {
        var rng = new Random(4);
        Grid Split(int rows, int half) => Grid.Create(rows, 2 * half + 1, (r, c) => c == half ? 5 : rng.Next(10));
        Grid Right(Grid g) => Grid.Create(g.Rows, g.Cols / 2, (r, c) => g[r, c + g.Cols / 2 + 1]);
        var (a, b, query) = (Split(3, 3), Split(2, 4), Split(4, 2));
        var (seq, batch) = Encode(new ArcTask("t", [new Pair(a, Right(a)), new Pair(b, Right(b))], [new Pair(query, null)]));
        DemoOutputsAgree(seq, batch, (_, _) => Anchored);
        // Implied (5 − 1) / 2 = 2 columns and the query's 4 rows: canvas cell (r, c) reads the query's (r, c + 3).
        int cols = seq.Canvas.Cols;
        for (int r = 0; r < 4; r++)
            for (int c = 0; c < 2; c++)
                Assert.Equal(query[r, c + 3] + 1, Slot(batch, seq.Canvas.Start + r * cols + c, Anchored));
    }

    [Fact]
    public void AnswersOfVaryingSizeLeaveTheCanvasUnknownAndOtherTokensUnhinted()
    {
        var rng = new Random(5);
        var (seq, batch) = Encode(new ArcTask("t",
            [new Pair(G(rng, 3, 3), G(rng, 2, 2)), new Pair(G(rng, 4, 4), G(rng, 4, 4)), new Pair(G(rng, 5, 5), G(rng, 1, 1))],
            [new Pair(G(rng, 3, 3), null)]));
        for (int i = 0; i < seq.Length; i++)
            Assert.Equal((GridRole)seq.Role[i] == GridRole.Canvas ? ContextBatch.UnknownHint : ContextBatch.NoHint, batch.SizeHint[i]);
    }

    [Fact]
    public void CanvasCellsAreToldEachMapsColourWithHowWellItAgreesWithTheDemos()
    {
        var rng = new Random(7);
        // Demo outputs are the input turned a quarter clockwise (slot 6): that map agrees with every demo-output cell.
        Grid Turn(Grid g) => Grid.Create(g.Cols, g.Rows, (r, c) => g[g.Rows - 1 - c, r]);
        var (a, b, query) = (G(rng, 3, 4), G(rng, 4, 2), G(rng, 3, 3));
        var (seq, batch) = Encode(new ArcTask("t", [new Pair(a, Turn(a)), new Pair(b, Turn(b))], [new Pair(query, null)]));
        const int quarterTurn = 6;
        int canvasCells = 0;
        for (int i = 0; i < seq.Length; i++)
            for (int k = 0; k < ContextBatch.PairedFrames; k++)
            {
                int id = batch.CandidateIds[i * ContextBatch.PairedFrames + k];
                if ((GridRole)seq.Role[i] != GridRole.Canvas)
                {
                    Assert.Equal(0, id);
                    continue;
                }
                int bucket = (id - 1) % ContextBatch.AgreementBuckets, candidate = (id - 1) / ContextBatch.AgreementBuckets;
                if (k == quarterTurn)
                {
                    // Copied exactly: the substitution is the identity, and every demo cell agrees.
                    Assert.Equal(Slot(batch, i, k), candidate);
                    Assert.Equal(ContextBatch.AgreementBuckets - 1, bucket);
                    canvasCells++;
                }
                else if (k == 0)
                {
                    Assert.True(bucket < ContextBatch.AgreementBuckets - 1, "random grids agree with their identity map everywhere");
                }
            }
        Assert.Equal(seq.Canvas.Count, canvasCells); // every canvas cell, the 4×4 max-rule canvas beyond the implied 3×3 too
        Assert.Equal([0, 0, 1, 2, 3, 4], new[] { (0, 0), (1, 4), (1, 2), (4, 5), (19, 20), (20, 20) }.Select(p => ContextBatch.AgreementBucket(p.Item1, p.Item2)));
    }

    [Fact]
    public void AMirrorWithSwappedColoursIsACandidateThroughItsColourSubstitution()
    {
        var rng = new Random(9);
        // Colours 1 and 2 swap, every other colour stays, and the grid is mirrored left-right (slot 1).
        int Swap(int c) => c == 1 ? 2 : c == 2 ? 1 : c;
        Grid Rule(Grid g) => Grid.Create(g.Rows, g.Cols, (r, c) => Swap(g[r, g.Cols - 1 - c]));
        Grid Input(int rows, int cols) => Grid.Create(rows, cols, (_, _) => rng.Next(4));
        var (a, b, query) = (Input(4, 5), Input(5, 3), Input(3, 4));
        var (seq, batch) = Encode(new ArcTask("t", [new Pair(a, Rule(a)), new Pair(b, Rule(b))], [new Pair(query, null)]));
        const int mirror = 1;
        var expected = Rule(query);
        for (int r = 0; r < 3; r++)
            for (int c = 0; c < 4; c++)
            {
                int i = seq.Canvas.Start + r * seq.Canvas.Cols + c, id = batch.CandidateIds[i * ContextBatch.PairedFrames + mirror];
                Assert.Equal(ContextBatch.AgreementBuckets - 1, (id - 1) % ContextBatch.AgreementBuckets);
                Assert.Equal(expected[r, c] + 1, (id - 1) / ContextBatch.AgreementBuckets);
            }
        // The same map without the swap disagrees on every 1 and 2: its plain agreement bits say so.
        Assert.Contains(Enumerable.Range(0, seq.Length), i => (GridRole)seq.Role[i] == GridRole.DemoOutput
            && batch.PairedAgreement[i * ContextBatch.PairedFrames + mirror] == ContextBatch.Differs);
    }

    [Fact]
    public void MapCandidatesNeedPairedColoursAndTheirSharedTableLearns()
    {
        using var scope = NewDisposeScope();
        var rng = new Random(8);
        var a = G(rng, 2, 2);
        var (_, batch) = Encode(new ArcTask("t", [new Pair(a, Enlarge(a, 2))], [new Pair(G(rng, 2, 2), null)]));
        var features = ContextBatchTensors.ToActBatch(batch).Context!;
        var config = TinyModels.InContext(PosEncoding.Rope2d) with { AbsFeatures = false, PairedColours = PairedColours.Mapped, MapCandidates = true };
        var embedding = new ContextEmbedding(config, 1.0, ScalarType.Float32, new Generator().manual_seed(7));
        embedding.call(randn([1, batch.Length, 32]), features).square().sum().backward();
        var table = embedding.named_parameters().Single(kv => kv.name.StartsWith("embed_candidates.", StringComparison.Ordinal)).parameter;
        Assert.Equal([ContextBatch.CandidateIdCount, 32], table.shape);
        Assert.True(table.grad is not null && table.grad.abs().sum().item<float>() > 0, "the candidates table got no gradient");
        Assert.Contains((config with { PairedColours = PairedColours.None, PairedAgreement = false }).Problems(),
            p => p.Contains("map_candidates", StringComparison.Ordinal));
    }

    [Fact]
    public void TheSizeHintReachesOnlyCanvasCellsAndLearns()
    {
        using var scope = NewDisposeScope();
        var rng = new Random(6);
        var a = G(rng, 2, 2);
        var (_, batch) = Encode(new ArcTask("t", [new Pair(a, Enlarge(a, 2)), new Pair(G(rng, 3, 3), G(rng, 6, 6))], [new Pair(G(rng, 2, 2), null)]));
        var features = ContextBatchTensors.ToActBatch(batch).Context!;
        var tokens = randn([1, batch.Length, 32]);
        var config = TinyModels.InContext(PosEncoding.Rope2d) with { HiddenSize = 32, AbsFeatures = false };
        ContextEmbedding Seeded(ModelConfig c) => new(c, 1.0, ScalarType.Float32, new Generator().manual_seed(7));
        var embedding = Seeded(config with { SizeHint = true });
        var plain = Seeded(config).call(tokens, features);
        var hinted = embedding.call(tokens, features);
        var extra = hinted[0] - plain[0] * Math.Sqrt(3.0 / 4.0); // the plain sum is scaled by 1/√3, the hinted one by 1/√4
        var isCanvas = features.Role.eq((long)GridRole.Canvas)[0];
        var off = extra.index(isCanvas.logical_not());
        Assert.True((off - off[0]).abs().max().item<float>() < 1e-5, "tokens off the canvas got varying size hints");
        var on = extra.index(isCanvas);
        Assert.True((on - on[0]).abs().max().item<float>() > 1e-2, "inside and beyond the implied size look the same");
        hinted.square().sum().backward();
        var table = embedding.named_parameters().Single(kv => kv.name.StartsWith("embed_size.", StringComparison.Ordinal)).parameter;
        Assert.True(table.grad is not null && table.grad.abs().sum().item<float>() > 0, "the size-hint table got no gradient");
        Assert.Contains((config with { Conditioning = Conditioning.PuzzleId, PuzzleEmbNdim = 32, SizeHint = true, PosEncodings = PosEncoding.Rope }).Problems(),
            p => p.Contains("size_hint", StringComparison.Ordinal));
    }
}
