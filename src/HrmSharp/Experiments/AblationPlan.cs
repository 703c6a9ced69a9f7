using System.Globalization;
using HrmSharp.Training;

namespace HrmSharp.Experiments;

/// <summary>
/// What an ablation varies: one or two <c>--vary KEY=v1,v2,...</c>. Training axes (any <c>--set</c> path) multiply into
/// separate runs; evaluation axes (eval.segments: ACT segments at inference, independent of training's halt_max_steps;
/// eval.views: augmented views voting per ARC test input) multiply into evaluations of each run. Every value is checked
/// against the base config before anything trains, so a typo fails at once, not an hour in.
/// </summary>
public sealed record AblationPlan(IReadOnlyList<AblationAxis> Axes)
{
    public const string EvalSegments = "eval.segments";
    public const string EvalViews = "eval.views";
    public const int MaxAxes = 2;

    public IReadOnlyList<AblationAxis> TrainAxes => [.. Axes.Where(a => !a.AtEval)];
    public IReadOnlyList<AblationAxis> EvalAxes => [.. Axes.Where(a => a.AtEval)];

    /// <summary>The training runs, one per combination of training-axis values (a single run when none).</summary>
    public IReadOnlyList<AblationPoint> Runs => AblationPoint.Grid(TrainAxes);

    /// <summary>The evaluations of each run, one per combination of evaluation-axis values (the run's own when none).</summary>
    public IReadOnlyList<AblationPoint> Evaluations => AblationPoint.Grid(EvalAxes);

    /// <summary>A run's config: the base with the run's settings applied.</summary>
    public static TrainConfig ConfigFor(TrainConfig baseConfig, AblationPoint run) =>
        ConfigOverrides.Apply(baseConfig, run.Settings.Select(s => $"{s.Key}={s.Value}"));

    /// <summary>Parses the --vary arguments and checks every value against <paramref name="baseConfig"/> (already validated).</summary>
    public static AblationPlan Parse(IReadOnlyList<string> varies, TrainConfig baseConfig)
    {
        if (varies.Count == 0)
            throw new HrmException("give what to vary: --vary KEY=v1,v2,... (e.g. --vary model.halt_max_steps=1,2,4,8)");
        if (varies.Count > MaxAxes)
            throw new HrmException($"--vary: at most {MaxAxes} keys (a grid of two), got {varies.Count}");
        var axes = varies.Select(ParseAxis).ToList();
        var repeated = axes.GroupBy(a => a.Key).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (repeated.Count > 0)
            throw new HrmException($"--vary {repeated[0]} is given twice: list all its values in one --vary");

        var problems = new List<string>();
        foreach (var axis in axes)
        {
            foreach (var value in axis.Values)
                problems.AddRange(CheckValue(axis.Key, value, baseConfig));
        }
        if (problems.Count > 0)
            throw new HrmException([.. problems.Distinct()]); // a bad key is reported once, not once per value
        return new AblationPlan(axes);
    }

    private static AblationAxis ParseAxis(string text)
    {
        int eq = text.IndexOf('=');
        if (eq <= 0)
            throw new HrmException($"--vary {text}: expected KEY=v1,v2,... (e.g. --vary model.H_cycles=1,2,4)");
        var key = text[..eq].Trim();
        var values = text[(eq + 1)..].Split(',').Select(v => v.Trim()).ToList();
        if (values.All(v => v.Length == 0))
            throw new HrmException($"--vary {key}: no values (give them comma-separated: --vary {key}=a,b)");
        if (values.Any(v => v.Length == 0))
            throw new HrmException($"--vary {text}: an empty value between commas");
        var dup = values.GroupBy(v => v).FirstOrDefault(g => g.Count() > 1);
        if (dup is not null)
            throw new HrmException($"--vary {key}: the value '{dup.Key}' is listed twice");
        return new AblationAxis(key, values);
    }

    /// <summary>Problems with one value (empty when fine), each naming the --vary it came from.</summary>
    private static IEnumerable<string> CheckValue(string key, string value, TrainConfig baseConfig)
    {
        if (key is EvalSegments or EvalViews)
        {
            if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int n) || n < 1)
                return [$"--vary {key}={value}: expected a whole number of at least 1"];
            if (key == EvalViews && baseConfig.Data.Kind != DataKind.Arc)
                return [$"--vary {key}: augmented views vote only on ARC data (data.kind arc), this run is {baseConfig.Data.Kind.ToString().ToLowerInvariant()}"];
            return [];
        }
        if (key.StartsWith("eval.", StringComparison.Ordinal))
            return [$"--vary {key}: unknown evaluation knob (known: {EvalSegments}, {EvalViews})"];
        TrainConfig config;
        try
        {
            config = ConfigOverrides.Apply(baseConfig, [$"{key}={value}"]);
        }
        catch (HrmException ex)
        {
            // "--set k=v: ..." becomes "--vary k=v: ...": the user typed --vary.
            return ex.Problems.Select(p => p.StartsWith("--set ", StringComparison.Ordinal) ? "--vary " + p["--set ".Length..] : $"--vary {key}={value}: {p}");
        }
        return config.Problems().Select(p => $"--vary {key}={value}: {p}");
    }
}
