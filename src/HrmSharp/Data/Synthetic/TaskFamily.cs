namespace HrmSharp.Data.Synthetic;

/// <summary>
/// A named transformation rule. Each task draws its own parameters, so the rule instance can only be read from
/// that task's demonstrations. Families are immutable and thread-safe: all randomness comes from the caller's RNG.
/// </summary>
public abstract class TaskFamily
{
    public abstract string Name { get; }
    public abstract FamilyCategory Category { get; }
    public abstract string Description { get; }

    /// <summary>The smallest <see cref="SynthOptions.MaxSize"/> at which this family can still make varied tasks.</summary>
    public virtual int MinSize => SynthOptions.SmallestMaxSize;

    /// <summary>One attempt at a task; null when the draw was degenerate (the caller retries with the same RNG).</summary>
    public abstract GeneratedTask? TryGenerate(string id, Random rng, SynthOptions options);

    /// <summary>The rule applied to <paramref name="input"/>; null when the rule is undefined or ambiguous for it.</summary>
    public abstract Grid? Apply(Grid input, FamilyParams parameters);

    /// <summary>
    /// Whether <paramref name="pair"/> obeys this family's rule with <paramref name="parameters"/>. Written as an
    /// independent check (invariants or a second derivation), not by calling <see cref="Apply"/>.
    /// </summary>
    public abstract bool Check(Pair pair, FamilyParams parameters);

    public override string ToString() => Name;
}

/// <summary>
/// The shared task loop: draw parameters, then inputs until each pair is valid, distinct from the others and
/// actually changed by the rule. Subclasses supply the four rule-specific pieces.
/// </summary>
public abstract class TaskFamily<TParams> : TaskFamily where TParams : FamilyParams
{
    // Per pair: enough attempts that a family with a 10% acceptance rate almost never fails the whole task.
    private const int PairAttempts = 40;

    protected abstract TParams? DrawParams(Random rng, SynthOptions options);
    protected abstract Grid? DrawInput(Random rng, TParams p, SynthOptions options);
    protected abstract Grid? Apply(Grid input, TParams p);
    protected abstract bool Verify(Grid input, Grid output, TParams p);

    /// <summary>Task-level condition beyond the per-pair ones, e.g. the demos show every colour the tests use.</summary>
    protected virtual bool Informative(IReadOnlyList<Pair> demos, IReadOnlyList<Pair> tests, TParams p) => true;

    public sealed override Grid? Apply(Grid input, FamilyParams parameters) =>
        parameters is TParams p ? Apply(input, p) : throw WrongParams(parameters);

    public sealed override bool Check(Pair pair, FamilyParams parameters) =>
        parameters is TParams p ? pair.Output is { } output && Verify(pair.Input, output, p) : throw WrongParams(parameters);

    public sealed override GeneratedTask? TryGenerate(string id, Random rng, SynthOptions options)
    {
        var p = DrawParams(rng, options);
        if (p is null) return null;
        int demos = rng.Next(options.MinDemos, options.MaxDemos + 1);
        int tests = rng.Next(options.MinTests, options.MaxTests + 1);
        var pairs = new List<Pair>(demos + tests);
        var seen = new HashSet<Grid>();
        for (int i = 0; i < demos + tests; i++)
        {
            var pair = TryPair(rng, p, options, seen);
            if (pair is null) return null;
            seen.Add(pair.Input);
            pairs.Add(pair);
        }
        var train = pairs.GetRange(0, demos);
        var test = pairs.GetRange(demos, tests);
        // Demos that all show the same output teach a constant, not the rule.
        if (train.TrueForAll(x => x.Output == train[0].Output)) return null;
        if (!Informative(train, test, p)) return null;
        return new GeneratedTask(new ArcTask(id, train, test), this, p);
    }

    private Pair? TryPair(Random rng, TParams p, SynthOptions options, HashSet<Grid> seen)
    {
        for (int attempt = 0; attempt < PairAttempts; attempt++)
        {
            var input = DrawInput(rng, p, options);
            if (input is null || !Fits(input, options) || seen.Contains(input)) continue;
            var output = Apply(input, p);
            // An unchanged grid would let "copy the input" pass as the rule.
            if (output is null || !Fits(output, options) || output == input) continue;
            return new Pair(input, output);
        }
        return null;
    }

    private static bool Fits(Grid g, SynthOptions o) => g.Rows <= o.MaxSize && g.Cols <= o.MaxSize;

    private ArgumentException WrongParams(FamilyParams got) =>
        new($"family {Name} expects {typeof(TParams).Name} parameters, got {got.GetType().Name}");
}
