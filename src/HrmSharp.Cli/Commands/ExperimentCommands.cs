using System.CommandLine;
using HrmSharp.Experiments;
using HrmSharp.Runtime;

namespace HrmSharp.Cli.Commands;

/// <summary>`hrm experiment ...`: multi-run experiments built from ordinary training runs (ablate).</summary>
public static class ExperimentCommands
{
    public static Command Create(CliContext ctx)
    {
        var experiment = new Command("experiment", "Experiments made of several training runs.");
        experiment.Subcommands.Add(Ablate(ctx));
        return experiment;
    }

    /// <summary>
    /// `hrm experiment ablate`: one run per value of a config key (same seed, same budget), each evaluated, then a table
    /// (Markdown, CSV) and a plot. The config options are `hrm train`'s; --steps/--minutes are the budget of each run.
    /// </summary>
    private static Command Ablate(CliContext ctx)
    {
        var setup = new TrainSetup();
        setup.Steps.Aliases.Add("--steps-per-run");
        setup.Minutes.Aliases.Add("--minutes-per-run");
        var vary = new Option<string[]>("--vary")
        {
            Description = $"KEY=v1,v2,...: any --set path (a training run per value) or {AblationPlan.EvalSegments} (ACT segments at inference) / " +
                          $"{AblationPlan.EvalViews} (ARC views voting at inference), which evaluate one trained model per value. Up to {AblationPlan.MaxAxes} (a grid).",
            Arity = ArgumentArity.OneOrMore,
        };
        var walk = new Option<string[]>("--walk")
        {
            Description = "LABEL:key=value;key=value, repeated: one run per arm, each adding its settings to all the arms before it " +
                          "(a path from one recipe to another, one ingredient at a time; the first arm is usually 'control:').",
            Arity = ArgumentArity.OneOrMore,
        };
        var output = new Option<string?>("--out")
        {
            Description = "Folder for the runs (<key>=<value>/), ablation.md, ablation.csv and ablation.png; default runs/ablate-<preset>-<key>. Re-running continues it.",
        };
        var evalTasks = new Option<int?>("--eval-tasks") { Description = "ARC: evaluate on the first N evaluation tasks only (sets data.eval_tasks)." };
        var cmd = new Command("ablate", "Train one run per value of a config key with the same seed and budget, evaluate each, and tabulate and plot the results.")
        {
            vary, walk, output, evalTasks,
        };
        setup.AddTo(cmd);
        cmd.SetAction(parse =>
        {
            DeviceSetup.PreferPassiveOpenMpWait(); // before libtorch loads
            var r = ctx.Reporter;
            var config = setup.Build(parse);
            var sets = parse.GetValue(setup.Set) ?? [];
            // Mid-run evaluations would spend each run's time budget on something the table does not show.
            if (!sets.Any(s => s.StartsWith("eval_interval=", StringComparison.Ordinal)))
                config = config with { EvalInterval = 0 };
            // One budget, the one given: --steps-per-run alone drops the preset's minutes and vice versa.
            bool steps = parse.GetValue(setup.Steps) is not null, minutes = parse.GetValue(setup.Minutes) is not null;
            if (steps && !minutes) config = config with { Minutes = 0 };
            if (minutes && !steps) config = config with { Steps = 0 };
            if (parse.GetValue(evalTasks) is int n)
                config = config with { Data = config.Data with { EvalTasks = n >= 0 ? n : throw new HrmException($"--eval-tasks must not be negative, got {n}") } };
            config.Validate();
            var arms = parse.GetValue(walk) ?? [];
            var plan = arms.Length > 0
                ? AblationPlan.Walk(arms, parse.GetValue(vary) ?? [], config)
                : AblationPlan.Parse(parse.GetValue(vary) ?? [], config);
            var outDir = parse.GetValue(output) ?? Path.Combine("runs", $"ablate-{config.Name}-{string.Join('-', plan.Axes.Select(a => a.Key))}");

            foreach (var (label, armSets) in plan.WalkSettings)
                r.Info($"  {label}: {(armSets.Count == 0 ? "(the base config)" : string.Join(" ", armSets))}");
            r.Info($"ablation of {config.Name}: {string.Join(" × ", plan.Axes)}: {plan.Runs.Count} training runs, " +
                   $"{plan.Runs.Count * plan.Evaluations.Count} results, into {outDir}");
            var runner = new AblationRunner(plan, config, outDir)
            {
                Info = r.Info,
                Train = (title, work) => r.Progress($"training {title}", 1.0, sink => work(new TrainProgress(r, sink))),
            };
            using var cancel = new CancellationTokenSource();
            ConsoleCancelEventHandler onCancel = (_, e) =>
            {
                if (cancel.IsCancellationRequested) return; // a second Ctrl+C ends the process at once
                e.Cancel = true;
                r.Warn("stopping after this step (Ctrl+C again to quit without a checkpoint)");
                cancel.Cancel();
            };
            Console.CancelKeyPress += onCancel;
            IReadOnlyList<AblationRow> rows;
            try { rows = runner.Run(cancel.Token); }
            finally { Console.CancelKeyPress -= onCancel; }

            foreach (var row in rows)
            {
                var settings = string.Join(", ", row.Run.Settings.Concat(row.Evaluation.Settings).Select(s => $"{s.Key}={s.Value}"));
                var metrics = string.Join(", ", runner.Metrics.Where(m => row.Metrics.ContainsKey(m.SummaryKey)).Select(m => $"{m.Column} {row.Metrics[m.SummaryKey]:P1}"));
                r.Info($"{settings}: {row.Steps} steps, {row.TrainMinutes:F1} min, {metrics}");
            }
            r.Info($"table: {Path.Combine(outDir, AblationRunner.MarkdownFile)}, {Path.Combine(outDir, AblationRunner.CsvFile)}; " +
                   $"plot: {Path.Combine(outDir, AblationRunner.PlotFile)}");
            return CliApp.Ok;
        });
        return cmd;
    }
}
