using HrmSharp.Training.Optimizers;
using static TorchSharp.torch;

namespace HrmSharp.Tests.Training.Optimizers;

public class SparseSignSgdTests
{
    private const int N = 6, D = 4;

    /// <summary>Plain loops: sum each id's gradient rows, then decay and step the rows that appeared.</summary>
    private static double[,] Reference(double[,] w, double[,] grad, long[] ids, double lr, double wd)
    {
        var result = (double[,])w.Clone();
        var sums = new Dictionary<long, double[]>();
        for (int b = 0; b < ids.Length; b++)
        {
            if (!sums.TryGetValue(ids[b], out var sum))
                sums[ids[b]] = sum = new double[D];
            for (int d = 0; d < D; d++)
                sum[d] += grad[b, d];
        }
        foreach (var (id, sum) in sums)
            for (int d = 0; d < D; d++)
                result[id, d] = result[id, d] * (1 - lr * wd) - lr * Math.Sign(sum[d]);
        return result;
    }

    private static double[,] Random2D(Random rng, int rows) =>
        ToArray2D([.. Enumerable.Range(0, rows * D).Select(_ => Math.Round(rng.NextDouble() * 2 - 1, 3))], rows);

    private static double[,] ToArray2D(double[] flat, int rows)
    {
        var a = new double[rows, D];
        for (int i = 0; i < flat.Length; i++)
            a[i / D, i % D] = flat[i];
        return a;
    }

    private static double[] Flat(double[,] a) => [.. a.Cast<double>()];

    [Theory]
    [InlineData(ScalarType.Int64)]
    [InlineData(ScalarType.Int32)]
    public void MatchesAPlainLoopWithDuplicateIdsAndLeavesOtherRowsUntouched(ScalarType idType)
    {
        using var scope = NewDisposeScope();
        var rng = new Random(42);
        var w = Random2D(rng, N);
        long[] ids = [3, 1, 3, 0, 1];
        var grad = Random2D(rng, ids.Length);
        for (int d = 0; d < D; d++)
            grad[4, d] = -grad[1, d];   // id 1's two rows cancel: it is only decayed
        grad[3, 2] = 0;                  // a zero element of a single-occurrence row: only decayed
        const double lr = 0.01, wd = 0.1;

        var weights = tensor(Flat(w), [N, D], dtype: ScalarType.Float32);
        var untouchedBefore = weights.index_select(0, tensor(new long[] { 2, 4, 5 })).clone();
        var opt = new SparseSignSgd(lr, wd);
        opt.Step(weights, tensor(Flat(grad), [ids.Length, D], dtype: ScalarType.Float32), tensor(ids).to(idType));

        var expected = Reference(w, grad, ids, lr, wd);
        var actual = weights.to(float64).data<double>().ToArray();
        Close.All(Flat(expected), actual, 1e-6);
        Assert.True(untouchedBefore.Equals(weights.index_select(0, tensor(new long[] { 2, 4, 5 }))));
        // Id 3 appears twice: one step of size lr on the summed gradient, not two.
        Assert.InRange(Math.Abs(actual[3 * D] - w[3, 0] * (1 - lr * wd)), lr * 0.999, lr * 1.001);
        Assert.Equal(w[1, 0] * (1 - lr * wd), actual[1 * D], 1e-6);
    }

    [Fact]
    public void RepeatedStepsFollowTheLoopAndTheRateCanChange()
    {
        using var scope = NewDisposeScope();
        var rng = new Random(9);
        var w = Random2D(rng, N);
        var weights = tensor(Flat(w), [N, D], dtype: ScalarType.Float64);
        var opt = new SparseSignSgd(0.0, 0.5);
        for (int step = 1; step <= 4; step++)
        {
            long[] ids = [.. Enumerable.Range(0, 3).Select(_ => (long)rng.Next(N))];
            var grad = Random2D(rng, 3);
            opt.LearningRate = 0.02 * step;
            opt.Step(weights, tensor(Flat(grad), [3, D], dtype: ScalarType.Float64), tensor(ids));
            w = Reference(w, grad, ids, 0.02 * step, 0.5);
        }
        Close.All(Flat(w), weights.data<double>().ToArray(), 1e-15);
    }

    [Fact]
    public void MismatchedShapesAndTypesAreRejected()
    {
        using var scope = NewDisposeScope();
        var opt = new SparseSignSgd(0.01, 0.1);
        var weights = zeros(N, D);
        Assert.Throws<ArgumentException>(() => opt.Step(weights, zeros(2, D + 1), tensor(new long[] { 0, 1 })));
        Assert.Throws<ArgumentException>(() => opt.Step(weights, zeros(3, D), tensor(new long[] { 0, 1 })));
        Assert.Throws<ArgumentException>(() => opt.Step(weights, zeros(2, D), tensor(new float[] { 0, 1 })));
        Assert.Throws<ArgumentException>(() => opt.Step(zeros(N * D), zeros(2, D), tensor(new long[] { 0, 1 })));
        Assert.Throws<ArgumentException>(() => opt.LearningRate = -1);
    }
}
