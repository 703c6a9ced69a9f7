using HrmSharp.Data;
using HrmSharp.Evaluation;

namespace HrmSharp.Tests.Evaluation;

/// <summary>The distinct-answer counts that make a constant predictor visible at once.</summary>
public sealed class AnswerDiversityTests
{
    private static TestInputReport Test(int index, params Grid[] attempts) =>
        new(index, Expected: null, Predictions: attempts.Length, DistinctCandidates: attempts.Length,
            attempts.Select(g => new Candidate(g, 1, 0.5)).ToList(), CorrectRank: null);

    private static Grid G(int rows, int cols, params byte[] cells) => Grid.Create(rows, cols, cells);

    [Fact]
    public void FirstAttemptsAreCountedByContent()
    {
        var zeros = G(2, 2, 0, 0, 0, 0);
        var reports = new List<ArcTaskReport>
        {
            new("a", [Test(0, zeros, G(1, 1, 3)), Test(1, G(2, 2, 0, 0, 0, 0))]),  // the same all-zero grid twice
            new("b", [Test(0, G(1, 2, 5, 5)), Test(1)]),                           // one single-colour answer; one input with no attempt
            new("c", [Test(0, G(1, 2, 5, 6))]),
        };
        var result = new ArcEvaluationResult(3, 0, new Dictionary<int, double>(), new Dictionary<int, double>(), 0, 0, 0, 0, 0, reports);
        Assert.Equal(4, result.Answers);
        Assert.Equal(3, result.DistinctAnswers);
        Assert.Equal(3, result.SingleColourAnswers);
    }
}
