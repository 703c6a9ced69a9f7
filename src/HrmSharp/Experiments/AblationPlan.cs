using System.Globalization;
using HrmSharp.Training;

namespace HrmSharp.Experiments;

/// <summary>
/// What an ablation varies: one or two <c>--vary KEY=v1,v2,...</c>. Training axes (any <c>--set</c> path) multiply into
/// separate runs; evaluation axes (eval.segments: ACT segments at inference, independent of training's halt_max_steps;
/// eval.views: augmented views voting per ARC test input) multiply into evaluations of each run. Every value is checked
/// against the base config before anything trains, so a typo fails at once, not an hour in.
/// A walk (<c>--walk LABEL:k=v;k=v</c>, repeated) is a training axis named <see cref="WalkKey"/> whose runs add one
/// ingredient at a time: run i applies the settings of arms 0..i, so the table reads as a path from one recipe to another.
/// </summary>
public sealed record AblationPlan(IReadOnlyList<AblationAxis> Axes)
{
    public const string EvalSegments = "eval.segments";
    public const string EvalViews = "eval.views";
    public const string WalkKey = "walk";
    public const int MaxAxes = 2;

    /// <summary>Per walk label (folder-safe, numbered), the cumulative --set settings of that run; empty without a walk.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> WalkSettings { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    public IReadOnlyList<AblationAxis> TrainAxes => [.. Axes.Where(a => !a.AtEval)];
    public IReadOnlyList<AblationAxis> EvalAxes => [.. Axes.Where(a => a.AtEval)];

    /// <summary>The training runs, one per combination of training-axis values (a single run when none).</summary>
    public IReadOnlyList<AblationPoint> Runs => AblationPoint.Grid(TrainAxes);

    /// <summary>The evaluations of each run, one per combination of evaluation-axis values (the run's own when none).</summary>
    public IReadOnlyList<AblationPoint> Evaluations => AblationPoint.Grid(EvalAxes);

    /// <summary>A run's config: the base with the run's settings applied.</summary>
    public static TrainConfig ConfigFor(TrainConfig baseConfig, AblationPoint run) =>
        ConfigOverrides.Apply(baseConfig, run.Settings.Select(s => $"{s.Key}={s.Value}"));

    /// <summary>A run's config, a walk's label expanded into its cumulative settings.</summary>
    public TrainConfig RunConfig(TrainConfig baseConfig, AblationPoint run) =>
        ConfigOverrides.Apply(baseConfig, run.Settings.SelectMany(s => s.Key == WalkKey ? WalkSettings[s.Value] : [$"{s.Key}={s.Value}"]));

    /// <summary>
    /// Parses <c>--walk</c> arms ("LABEL:key=value;key=value", the first usually "control:" with no settings) into a plan
    /// with one training run per arm, each run the base plus every setting of the arms up to it; every run's config is
    /// checked against <paramref name="baseConfig"/> before anything trains. Evaluation axes may be added with <paramref name="varies"/>.
    /// </summary>
    public static AblationPlan Walk(IReadOnlyList<string> arms, IReadOnlyList<string> varies, TrainConfig baseConfig)
    {
        if (arms.Count < 2)
            throw new HrmException("--walk needs at least two arms (e.g. --walk control: --walk stablemax:model.loss_type=stablemax_cross_entropy)");
        var evalAxes = varies.Count == 0 ? [] : Parse(varies, baseConfig).Axes;
        if (evalAxes.Any(a => !a.AtEval))
            throw new HrmException($"--walk combines only with evaluation knobs in --vary ({EvalSegments}, {EvalViews}); put training settings in the walk's arms");
        var labels = new List<string>();
        var settings = new Dictionary<string, IReadOnlyList<string>>();
        var cumulative = new List<string>();
        var problems = new List<string>();
        foreach (var arm in arms)
        {
            int colon = arm.IndexOf(':');
            if (colon <= 0)
                throw new HrmException($"--walk {arm}: expected LABEL:key=value;key=value (the label first, then a colon; settings may be empty)");
            var name = new string([.. arm[..colon].Trim().Select(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_' or '.' ? ch : '_')]);
            var sets = arm[(colon + 1)..].Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            foreach (var set in sets)
                if (set.IndexOf('=') <= 0)
                    throw new HrmException($"--walk {arm}: '{set}' is not key=value");
            cumulative.AddRange(sets);
            var label = $"{labels.Count:D2}-{name}";
            labels.Add(label);
            settings[label] = [.. cumulative];
            try
            {
                problems.AddRange(ConfigOverrides.Apply(baseConfig, cumulative).Problems().Select(p => $"--walk {label}: {p}"));
            }
            catch (HrmException ex)
            {
                problems.AddRange(ex.Problems.Select(p => $"--walk {label}: {p}"));
            }
        }
        if (problems.Count > 0)
            throw new HrmException([.. problems.Distinct()]);
        return new AblationPlan([new AblationAxis(WalkKey, labels), .. evalAxes]) { WalkSettings = settings };
    }

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
