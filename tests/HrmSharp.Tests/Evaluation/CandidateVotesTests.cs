using HrmSharp.Data;
using HrmSharp.Evaluation;

namespace HrmSharp.Tests.Evaluation;

public class CandidateVotesTests
{
    private static readonly Grid A = Grid.Parse("12|34"), B = Grid.Parse("5"), C = Grid.Parse("678");

    [Fact]
    public void RanksByVotesThenMeanSigmoidOfQ()
    {
        var v = new CandidateVotes();
        // A: 3 votes with low q; B: 2 votes with high q; C: 1 vote.
        v.Add(B, 4.0);
        v.Add(A, -2.0);
        v.Add(C, 9.0);
        v.Add(A, -1.0);
        v.Add(B, 3.0);
        v.Add(A, 0.0);

        var ranked = v.Ranked();
        Assert.Equal(new[] { A, B, C }, ranked.Select(c => c.Grid));
        Assert.Equal(new[] { 3, 2, 1 }, ranked.Select(c => c.Votes));
        static double Sig(double x) => 1 / (1 + Math.Exp(-x));
        Assert.Equal((Sig(-2) + Sig(-1) + Sig(0)) / 3, ranked[0].MeanQ, 12);
        Assert.Equal((Sig(4) + Sig(3)) / 2, ranked[1].MeanQ, 12);
        Assert.Equal((6, 3), (v.Predictions, v.Distinct));
    }

    [Fact]
    public void EqualVotesAreBrokenByMeanQThenFirstSeen()
    {
        var v = new CandidateVotes();
        v.Add(A, 0.0);
        v.Add(B, 1.0);
        v.Add(A, 0.0);
        v.Add(B, 1.0);
        v.Add(C, 2.0);
        Assert.Equal(new[] { B, A, C }, v.Ranked().Select(c => c.Grid));

        // Same votes and same mean q: first seen first (the reference's stable sort over insertion order).
        var tie = new CandidateVotes();
        tie.Add(C, 0.5);
        tie.Add(A, 0.5);
        tie.Add(B, 0.5);
        Assert.Equal(new[] { C, A, B }, tie.Ranked().Select(c => c.Grid));
    }

    [Fact]
    public void GridsWithTheSameCellsButAnotherShapeAreDifferentCandidates()
    {
        var v = new CandidateVotes();
        v.Add(Grid.Parse("12|34"), 0);
        v.Add(Grid.Parse("1234"), 0);
        v.Add(Grid.Parse("12|34"), 0);
        Assert.Equal(2, v.Distinct);
        Assert.Equal(Grid.Parse("12|34"), v.Ranked()[0].Grid);
    }

    [Fact]
    public void SigmoidIsStableForLargeLogits()
    {
        Assert.Equal(0.5, CandidateVotes.Sigmoid(0));
        Assert.Equal(1.0, CandidateVotes.Sigmoid(800));
        Assert.Equal(0.0, CandidateVotes.Sigmoid(-800));
        Assert.Equal(1 / (1 + Math.Exp(3)), CandidateVotes.Sigmoid(-3), 15);
    }
}
