using Xunit.Abstractions;
using static TorchSharp.torch;

namespace HrmSharp.Tests.Parity;

/// <summary>Elementwise comparisons against fixture tensors that report the max abs difference (in the test log and on failure).</summary>
public sealed class ParityAssert(ITestOutputHelper output)
{
    /// <summary>|actual - expected| ≤ atol elementwise (compared in float64); returns the max abs difference.</summary>
    public double Close(Tensor expected, Tensor actual, double atol, string name)
    {
        Assert.True(expected.shape.SequenceEqual(actual.shape),
            $"{name}: shape [{string.Join(",", actual.shape)}] but the fixture has [{string.Join(",", expected.shape)}]");
        using var scope = NewDisposeScope();
        var diff = (actual.detach().to(ScalarType.Float64) - expected.to(ScalarType.Float64)).abs();
        double max = diff.NumberOfElements == 0 ? 0 : diff.max().item<double>();
        output.WriteLine($"{name,-70} max|diff| {max:E3}  (atol {atol:E1})");
        Assert.False(double.IsNaN(max), $"{name}: NaN");
        Assert.True(max <= atol, $"{name}: max|diff| {max:E3} > atol {atol:E1}");
        return max;
    }

    /// <summary>Exact equality of discrete tensors (bools, counts, steps), compared as int64.</summary>
    public void Equal(Tensor expected, Tensor actual, string name)
    {
        Assert.True(expected.shape.SequenceEqual(actual.shape),
            $"{name}: shape [{string.Join(",", actual.shape)}] but the fixture has [{string.Join(",", expected.shape)}]");
        using var scope = NewDisposeScope();
        var e = expected.to(ScalarType.Int64).reshape(-1).data<long>().ToArray();
        var a = actual.detach().to(ScalarType.Int64).reshape(-1).data<long>().ToArray();
        output.WriteLine($"{name,-70} exact [{string.Join(",", a)}]");
        Assert.Equal(e, a);
    }
}
