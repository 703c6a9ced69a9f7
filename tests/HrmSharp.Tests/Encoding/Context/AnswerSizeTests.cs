using static HrmSharp.Encoding.Context.AnswerSize;

namespace HrmSharp.Tests.Encoding.Context;

/// <summary>The answer size a task's demos imply: each relation found from the demos and applied to the query.</summary>
public sealed class AnswerSizeTests
{
    private static DemoSizes D(int inRows, int inCols, int outRows, int outCols) => new(inRows, inCols, outRows, outCols);

    [Fact]
    public void EachRelationIsFoundPerAxisAndAppliedToTheQuery()
    {
        Assert.Equal((4, 7), Infer([D(3, 5, 3, 5), D(6, 2, 6, 2)], 4, 7));          // the input's size
        Assert.Equal((7, 4), Infer([D(3, 5, 5, 3), D(6, 2, 2, 6)], 4, 7));          // transposed
        Assert.Equal((3, 3), Infer([D(3, 5, 3, 3), D(6, 2, 3, 3)], 4, 7));          // one size for all
        Assert.Equal((8, 21), Infer([D(3, 5, 6, 15), D(2, 2, 4, 6)], 4, 7));        // ×2 rows, ×3 columns
        Assert.Equal((2, 3), Infer([D(6, 9, 3, 3), D(4, 6, 2, 2)], 4, 9));          // ÷2 rows, ÷3 columns
        Assert.Equal((9, 16), Infer([D(3, 3, 9, 9), D(2, 4, 4, 16)], 3, 4));        // squared (a grid of copies of itself)
        Assert.Equal((6, 8), Infer([D(3, 5, 5, 6), D(2, 2, 4, 3)], 4, 7));          // +2 rows, +1 column
        Assert.Equal((3, 3), Infer([D(3, 7, 3, 3), D(3, 9, 3, 4)], 3, 7));          // rows kept; columns: a split input's half
    }

    [Fact]
    public void NoRelationNoDemosOrAnImpossibleSizeIsUnknown()
    {
        Assert.Null(Infer([D(3, 3, 2, 2), D(4, 4, 4, 4), D(5, 5, 1, 1)], 3, 3)); // the answer's size varies (a crop)
        Assert.Null(Infer([], 3, 3));
        Assert.Null(Infer([D(3, 3, 9, 9), D(4, 4, 12, 12)], 12, 12));          // ×3 of 12 is beyond 30
        Assert.Null(Infer([D(4, 4, 2, 2), D(6, 6, 3, 3)], 5, 5));               // ÷2 of an odd size; nothing else holds
    }

    [Fact]
    public void SimplerRelationsWinWhenSeveralHold()
    {
        // One input size: 2→4 is ×2, squared and +2 at once; ×2 (d = 0) is taken.
        Assert.Equal((10, 10), Infer([D(2, 2, 4, 4)], 5, 5));
        // A single demo: a constant size does not beat ×k (one example cannot tell them apart; scaling is the commoner rule),
        // and an output smaller than a non-multiple is a shift.
        Assert.Equal((6, 6), Infer([D(2, 2, 4, 4)], 3, 3));
        Assert.Equal((5, 5), Infer([D(7, 7, 3, 3)], 9, 9));
        Assert.Equal((2, 2), Infer([D(6, 6, 3, 3)], 4, 4)); // 6→3 is ÷2, not −3
        // Two input sizes on a parabola: squared, not the line through both points (3→9, 2→4 is also 5·x − 6).
        Assert.Equal((16, 16), Infer([D(3, 3, 9, 9), D(2, 2, 4, 4)], 4, 4));
        // Square inputs: the same size wins over transposed.
        Assert.Equal((3, 3), Infer([D(3, 3, 3, 3)], 3, 3));
    }
}
