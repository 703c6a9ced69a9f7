using HrmSharp.Data;

namespace HrmSharp.Evaluation;

/// <summary>
/// Votes for one test input: each prediction (already mapped back to the task's frame) votes for its grid, carrying
/// sigmoid(q_halt). Ranking is the reference's (HRM arc_eval, TRM evaluators/arc.py): most votes first, then the higher
/// mean sigmoid(q_halt); remaining ties keep first-seen order (Python's stable sort over an insertion-ordered dict).
/// Grids are compared exactly (shape and cells), which is what the reference's hash stands for.
/// </summary>
public sealed class CandidateVotes
{
    private readonly Dictionary<Grid, int> _slot = [];
    private readonly List<(Grid Grid, int Votes, double SumQ)> _tallies = [];

    public int Predictions { get; private set; }
    public int Distinct => _tallies.Count;

    public void Add(Grid grid, double qHaltLogit)
    {
        double q = Sigmoid(qHaltLogit);
        Predictions++;
        if (_slot.TryGetValue(grid, out int i))
        {
            var t = _tallies[i];
            _tallies[i] = (t.Grid, t.Votes + 1, t.SumQ + q);
        }
        else
        {
            _slot.Add(grid, _tallies.Count);
            _tallies.Add((grid, 1, q));
        }
    }

    public IReadOnlyList<Candidate> Ranked() =>
        _tallies.Select((t, seen) => (Candidate: new Candidate(t.Grid, t.Votes, t.SumQ / t.Votes), Seen: seen))
            .OrderByDescending(x => x.Candidate.Votes)
            .ThenByDescending(x => x.Candidate.MeanQ)
            .ThenBy(x => x.Seen)
            .Select(x => x.Candidate)
            .ToArray();

    /// <summary>Logistic function in double precision (TRM casts q_halt to float64 before the sigmoid).</summary>
    public static double Sigmoid(double x) => x >= 0 ? 1 / (1 + Math.Exp(-x)) : Math.Exp(x) / (1 + Math.Exp(x));
}
