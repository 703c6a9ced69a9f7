using HrmSharp.Augmentation;
using HrmSharp.Data;
using HrmSharp.Encoding.Context;

namespace HrmSharp.Tests.Encoding.Context;

/// <summary>
/// paired_colours translated: after the symmetries and the size-dependent maps, output cells carry their paired input's
/// colour translated by the offset the demos agree with best, wrapping around the edges (slot 14) and clipped (slot 15).
/// </summary>
public sealed class TranslatedColoursTests
{
    private const int Wrapped = ContextBatch.SymmetryFrames + ContextBatch.MappedFrames, Clipped = Wrapped + 1;

    private static Grid G(Random rng, int rows, int cols, int colours = 10) => Grid.Create(rows, cols, (_, _) => rng.Next(colours));

    private static int Mod(int x, int m) => ((x % m) + m) % m;

    private static Grid Roll(Grid g, int dr, int dc) => Grid.Create(g.Rows, g.Cols, (r, c) => g[Mod(r - dr, g.Rows), Mod(c - dc, g.Cols)]);

    private static Grid Move(Grid g, int dr, int dc, int background) => Grid.Create(g.Rows, g.Cols, (r, c) =>
        r - dr >= 0 && r - dr < g.Rows && c - dc >= 0 && c - dc < g.Cols ? g[r - dr, c - dc] : background);

    private static (ContextSequence Seq, ContextBatch Batch) Encode(ArcTask task)
    {
        var seq = new ContextEncoder().EncodeTests(task)[0];
        return (seq, ContextBatch.Build([seq], new BatchPlan([[0]], seq.Length)));
    }

    private static int Slot(ContextBatch batch, int token, int frame) => batch.PairedColours[token * ContextBatch.PairedFrames + frame];

    private static (int Colour, int Bucket) Candidate(ContextBatch batch, int token, int frame)
    {
        int id = batch.CandidateIds[token * ContextBatch.PairedFrames + frame];
        return ((id - 1) / ContextBatch.AgreementBuckets - 1, (id - 1) % ContextBatch.AgreementBuckets);
    }

    [Fact]
    public void AWrappingShiftIsFoundFromTheDemosAndItsSlotIsTheAnswer()
    {
        var rng = new Random(11);
        var (a, b, c, query) = (G(rng, 5, 6), G(rng, 4, 4), G(rng, 6, 5), G(rng, 5, 5));
        var task = new ArcTask("t", [new Pair(a, Roll(a, 1, 2)), new Pair(b, Roll(b, 1, 2)), new Pair(c, Roll(c, 1, 2))], [new Pair(query, null)]);
        var (seq, batch) = Encode(task);
        Assert.Equal<(InferredShift?, InferredShift?)>((new InferredShift(1, 2, Wrap: true), new InferredShift(1, 2, Wrap: false)), InferredShift.Infer(seq));

        int demoCells = 0;
        for (int i = 0; i < seq.Length; i++)
        {
            if ((GridRole)seq.Role[i] != GridRole.DemoOutput) continue;
            Assert.Equal(ContextVocabulary.ColourOf(seq.Tokens[i]) + 1, Slot(batch, i, Wrapped));
            Assert.Equal(ContextBatch.Agrees, batch.PairedAgreement[i * ContextBatch.PairedFrames + Wrapped]);
            demoCells++;
        }
        Assert.Equal(30 + 16 + 30, demoCells);
        var answer = Roll(query, 1, 2);
        for (int r = 0; r < 5; r++)
            for (int k = 0; k < 5; k++)
            {
                int i = seq.Canvas.Start + r * seq.Canvas.Cols + k;
                Assert.Equal(answer[r, k] + 1, Slot(batch, i, Wrapped));
                Assert.Equal((answer[r, k], ContextBatch.AgreementBuckets - 1), Candidate(batch, i, Wrapped));
            }
    }

    [Fact]
    public void AClippedShiftReadsNothingWhereNothingArrivesAndItsSubstitutionFillsTheBackground()
    {
        var rng = new Random(12);
        // Sparse pictures on background 0, moved up-left by (−2, −1): new cells on the bottom and right are background.
        Grid Picture(int rows, int cols) => Grid.Create(rows, cols, (_, _) => rng.NextDouble() < 0.4 ? 1 + rng.Next(3) : 0);
        var (a, b, query) = (Picture(6, 6), Picture(5, 7), Picture(6, 5));
        var (seq, batch) = Encode(new ArcTask("t", [new Pair(a, Move(a, -2, -1, 0)), new Pair(b, Move(b, -2, -1, 0))], [new Pair(query, null)]));
        Assert.Equal<InferredShift?>(new InferredShift(-2, -1, Wrap: false), InferredShift.Infer(seq).Clip);

        var answer = Move(query, -2, -1, 0);
        for (int r = 0; r < 6; r++)
            for (int k = 0; k < 5; k++)
            {
                int i = seq.Canvas.Start + r * seq.Canvas.Cols + k;
                bool arrives = r + 2 < 6 && k + 1 < 5;
                Assert.Equal(arrives ? query[r + 2, k + 1] + 1 : 0, Slot(batch, i, Clipped));
                // "Nothing" becomes the background through the substitution fitted on the demos: the candidate is the answer.
                Assert.Equal((answer[r, k], ContextBatch.AgreementBuckets - 1), Candidate(batch, i, Clipped));
            }
    }

    [Fact]
    public void WithoutADemoPairOfOneSizeNoTranslationIsInferredAndItsSlotsAreNone()
    {
        var rng = new Random(13);
        Grid Double(Grid g) => Grid.Create(2 * g.Rows, 2 * g.Cols, (r, c) => g[r / 2, c / 2]);
        var (a, b) = (G(rng, 2, 3), G(rng, 3, 3));
        var (seq, batch) = Encode(new ArcTask("t", [new Pair(a, Double(a)), new Pair(b, Double(b))], [new Pair(G(rng, 3, 2), null)]));
        var (wrap, clip) = InferredShift.Infer(seq);
        Assert.Null(wrap);
        Assert.Null(clip);
        for (int i = 0; i < seq.Length; i++)
        {
            Assert.Equal(0, Slot(batch, i, Wrapped));
            Assert.Equal(0, Slot(batch, i, Clipped));
        }
    }

    [Fact]
    public void TheOffsetComesFromTheDemosOnlyNeverFromTheAnswer()
    {
        var rng = new Random(14);
        var (a, b, query) = (G(rng, 4, 4), G(rng, 5, 5), G(rng, 4, 5));
        // A training view: the held-out pair's output is the canvas's label. Two different answers, one inferred offset.
        var demos = new[] { new Pair(a, Roll(a, 0, 1)), new Pair(b, Roll(b, 0, 1)) };
        var encoder = new ContextEncoder();
        var rolled = encoder.Encode("t", demos, new Pair(query, Roll(query, 0, 1)), QueryKind.Test, 0, TaskAugmentation.Identity);
        var other = encoder.Encode("t", demos, new Pair(query, Roll(query, 2, 3)), QueryKind.Test, 0, TaskAugmentation.Identity);
        Assert.Equal<InferredShift?>(new InferredShift(0, 1, Wrap: true), InferredShift.Infer(rolled).Wrap);
        Assert.Equal(InferredShift.Infer(rolled), InferredShift.Infer(other));
    }

    [Theory]
    [InlineData(3, 2, true, 2, 2, 1, 0)]  // wraps past the bottom and right edges
    [InlineData(0, 0, true, 1, 2, 2, 1)]   // and past the top and left
    [InlineData(0, 0, false, 1, 1, -1, -1)] // clipped: nothing arrives at the top-left corner
    [InlineData(2, 2, false, 1, 1, 1, 1)]
    public void SourceIsThePullMapWithItsEdgeRule(int row, int col, bool wrap, int dr, int dc, int sourceRow, int sourceCol) =>
        Assert.Equal((sourceRow, sourceCol), new InferredShift(dr, dc, wrap).Source(row, col, rows: 3, cols: 3));
}
