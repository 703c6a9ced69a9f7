using HrmSharp.Augmentation;
using HrmSharp.Data;
using HrmSharp.Encoding.Context;
using HrmSharp.Modeling;

namespace HrmSharp.Tests.Encoding.Context;

/// <summary>
/// paired_colours: every output-role cell carries its paired input's colour at the cell it comes from under each of the
/// 8 symmetries, so when a demo output is that symmetry of its input, the paired colour is the output's own colour.
/// </summary>
public sealed class PairedColoursTests
{
    // Frame k of ContextBatch.PairedColours (the rotary frames' order) as a Dihedral transform of the input.
    private static readonly Dihedral[] FrameTransforms =
    [
        Dihedral.Identity, Dihedral.FlipLeftRight, Dihedral.FlipUpDown, Dihedral.Rot180,
        Dihedral.Transpose, Dihedral.AntiTranspose, Dihedral.Rot270, Dihedral.Rot90,
    ];

    [Theory]
    [InlineData(0)] [InlineData(1)] [InlineData(2)] [InlineData(3)]
    [InlineData(4)] [InlineData(5)] [InlineData(6)] [InlineData(7)]
    public void ADemoOutputThatIsFrameKOfItsInputCarriesItsOwnColoursInFrameK(int frame)
    {
        var rng = new Random(frame);
        Grid G(int r, int c) => Grid.Create(r, c, (_, _) => rng.Next(10));
        var input = G(3, 5); // not square: the axis-swapping frames must map into the input's own 3×5 coordinates
        var output = FrameTransforms[frame].Apply(input);
        var task = new ArcTask("t", [new Pair(input, output)], [new Pair(G(3, 5), null)]);
        var seq = new ContextEncoder().EncodeTests(task)[0];
        var batch = ContextBatch.Build([seq], new BatchPlan([[0]], seq.Length));

        int outputCells = 0;
        for (int i = 0; i < seq.Length; i++)
        {
            var paired = batch.PairedColours.AsSpan(i * ContextBatch.PairedFrames, ContextBatch.PairedFrames);
            switch ((GridRole)seq.Role[i])
            {
                case GridRole.DemoOutput:
                    Assert.Equal(ContextVocabulary.ColourOf(seq.Tokens[i]) + 1, paired[frame]);
                    outputCells++;
                    break;
                case GridRole.DemoInput or GridRole.QueryInput:
                    Assert.All(paired.ToArray(), id => Assert.Equal(0, id));
                    break;
            }
        }
        Assert.Equal(15, outputCells);
    }

    [Fact]
    public void CanvasCellsReadTheQueryInputAndAreNoneOffIt()
    {
        var rng = new Random(5);
        Grid G(int r, int c) => Grid.Create(r, c, (_, _) => rng.Next(10));
        var query = G(2, 3);
        // A 4×4 demo output makes the max-rule canvas 4×4, larger than the 2×3 query input.
        var task = new ArcTask("t", [new Pair(G(2, 3), G(4, 4))], [new Pair(query, null)]);
        var seq = new ContextEncoder().EncodeTests(task)[0];
        var batch = ContextBatch.Build([seq], new BatchPlan([[0]], seq.Length));
        Assert.Equal((4, 4), (seq.Canvas.Rows, seq.Canvas.Cols));
        for (int r = 0; r < 4; r++)
            for (int c = 0; c < 4; c++)
            {
                int i = seq.Canvas.Start + r * 4 + c;
                int expected = r < 2 && c < 3 ? query[r, c] + 1 : 0;
                Assert.Equal(expected, batch.PairedColours[i * ContextBatch.PairedFrames]);
                // Mirror left-right reads column 2 − c of the 3-wide query.
                int mirrored = r < 2 && c < 3 ? query[r, 2 - c] + 1 : 0;
                Assert.Equal(mirrored, batch.PairedColours[i * ContextBatch.PairedFrames + 1]);
            }
    }

    [Fact]
    public void PairedColoursNeedInContextConditioning()
    {
        var problems = new ModelConfig { PairedColours = PairedColours.Same }.Problems();
        Assert.Contains(problems, p => p.Contains("paired_colours") && p.Contains("conditioning context"));
    }
}
