namespace HrmSharp.Tests.Training;

/// <summary>Element-wise comparison with an absolute tolerance, naming the first index that differs.</summary>
internal static class Close
{
    public static void All(double[] expected, double[] actual, double tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance, $"[{i}] expected {expected[i]:R}, got {actual[i]:R}");
    }
}
