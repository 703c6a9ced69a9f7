using HrmSharp.Data;

namespace HrmSharp.Encoding.Context;

/// <summary>
/// The answer size a task's demos imply for its query: per axis, the first simple relation between input and output
/// sizes that holds for every demo, applied to the query input. Relations, in the order tried: the same as that axis of
/// the input; as the other axis (transposes, quarter turns); one size for every demo (with two demos or more); the input
/// squared (a grid of copies of itself; with two input sizes or more); k·input + d (scalings, k ≥ 1, and shifts);
/// (input − d) / k (shrinkings, one part of a split input; k ≥ 2). The first that holds decides: a result outside
/// 1..30, or no relation, is unknown.
/// <para>
/// Why by hand: these few relations give the size of most generated and ARC answers, and a model that must learn them
/// from a handful of demos spends its budget on arithmetic it cannot do in one attention hop (answers of another size
/// were the commonest wrong-size failure). The model is only told the result (<see cref="ContextBatch.SizeHint"/>), and
/// the canvas stays large enough for any other answer, so a wrong guess costs nothing but a misleading hint.
/// </para>
/// </summary>
public static class AnswerSize
{
    /// <summary>Input and output size of one demo.</summary>
    public readonly record struct DemoSizes(int InRows, int InCols, int OutRows, int OutCols);

    /// <summary>The implied (rows, cols) of the answer to a query input of the given size; null when unknown or without demos.</summary>
    public static (int Rows, int Cols)? Infer(IReadOnlyList<DemoSizes> demos, int queryRows, int queryCols)
    {
        if (demos.Count == 0) return null;
        int? rows = Axis(demos.Select(d => (d.InRows, d.InCols, d.OutRows)).ToList(), queryRows, queryCols);
        int? cols = Axis(demos.Select(d => (d.InCols, d.InRows, d.OutCols)).ToList(), queryCols, queryRows);
        return rows is { } r && cols is { } c ? (r, c) : null;
    }

    /// <summary>One axis: demos as (same axis of the input, other axis, output); the query's same and other axis.</summary>
    private static int? Axis(IReadOnlyList<(int Same, int Other, int Out)> demos, int same, int other)
    {
        bool All(Func<(int Same, int Other, int Out), bool> holds) => demos.All(holds);
        static int? Checked(int value) => value is >= 1 and <= Grid.MaxSide ? value : null;
        var first = demos[0];

        if (All(d => d.Out == d.Same)) return same;
        if (All(d => d.Out == d.Other)) return other;
        if (demos.Count > 1 && All(d => d.Out == first.Out)) return first.Out;
        if (demos.Select(d => d.Same).Distinct().Count() > 1 && All(d => d.Out == d.Same * d.Same)) return Checked(same * same);
        if (Line(demos.Select(d => (d.Same, d.Out)).ToList()) is { } up) return Checked(up.K * same + up.D);
        if (Line(demos.Select(d => (d.Out, d.Same)).ToList()) is { K: >= 2 } down)
            return (same - down.D) % down.K == 0 ? Checked((same - down.D) / down.K) : null;
        return null;
    }

    /// <summary>
    /// Y = K·X + D with an integer K ≥ 1 through every point, or null. With one X only: D = 0 when Y is a multiple of X
    /// (a scaling); null when X is a multiple of Y (a shrinking, found by the line the other way round); else K = 1 (a shift).
    /// </summary>
    private static (int K, int D)? Line(IReadOnlyList<(int X, int Y)> points)
    {
        var (x0, y0) = points[0];
        int k;
        if (points.FirstOrDefault(p => p.X != x0) is { X: > 0 } other)
        {
            int dy = other.Y - y0, dx = other.X - x0;
            if (dy % dx != 0) return null;
            k = dy / dx;
        }
        else if (y0 % x0 == 0)
        {
            k = y0 / x0;
        }
        else
        {
            if (x0 % y0 == 0) return null; // a shrinking: the line the other way round
            k = 1;
        }
        int d = y0 - k * x0;
        return k >= 1 && points.All(p => p.Y == k * p.X + d) ? (k, d) : null;
    }
}
