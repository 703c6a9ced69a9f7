using System.CommandLine;
using HrmSharp.Training;
using HrmSharp.Evaluation;

namespace HrmSharp.Cli.Commands;

/// <summary>The test-time training options shared by `hrm solve` and `hrm eval` (--ttt-*), and their reading into <see cref="TttOptions"/>.</summary>
public sealed class TttCliOptions
{
    private readonly Option<int> _steps = new("--ttt-steps") { Description = "Test-time training: optimiser steps per task on its own demos (0 = none). Deterministic." };
    private readonly Option<double> _minutes = new("--ttt-minutes")
    {
        Description = "Test-time training: wall-clock minutes per task (0 = no limit); with --ttt-steps, whichever ends first. Machine dependent.",
    };
    private readonly Option<double?> _lr = new("--ttt-lr") { Description = "Test-time training rate (default: the checkpoint's training lr)." };
    private readonly Option<string> _params = new("--ttt-params")
    {
        Description = "Parameters test-time training updates: all, embeddings-heads, last.",
        DefaultValueFactory = _ => "all",
    };

    public IEnumerable<Option> All => [_steps, _minutes, _lr, _params];

    /// <summary>
    /// The options as given, validated; rate defaults to the checkpoint's; batches and the longest sequence follow the
    /// checkpoint's in-context training data settings. Null when neither budget is set (no TTT).
    /// </summary>
    public TttOptions? Read(ParseResult parse, CheckpointInfo checkpoint, int seed)
    {
        string subset = parse.GetValue(_params) ?? "all";
        var options = new TttOptions
        {
            Steps = parse.GetValue(_steps),
            Minutes = parse.GetValue(_minutes),
            Lr = parse.GetValue(_lr) ?? checkpoint.Config.Optimizer.Lr,
            Params = TttParamsNames.Parse(subset),
            TokensPerBatch = Math.Max(64, checkpoint.Config.Data.ContextTokensPerBatch),
            MaxSequenceLength = Math.Max(64, checkpoint.Config.Data.ContextMaxLength),
            Layout = checkpoint.Config.Data.ContextLayout,
            AugmentDihedral = checkpoint.Config.Data.AugmentDihedral,
            Seed = seed,
        };
        options.Validate();
        if (!options.Enabled)
            return null;
        if (checkpoint.Config.Model.Conditioning != Modeling.Conditioning.Context)
            throw new HrmException($"{checkpoint.Name}: test-time training needs an in-context model (conditioning context); this one conditions on puzzle identifiers");
        return options;
    }

    /// <summary>"task: TTT 20 steps, loss 1.234 → 0.567, 3.2 s" (or why it was skipped).</summary>
    public static string Describe(TttResult r) => r.Skipped is not null
        ? $"{r.TaskId}: TTT skipped ({r.Skipped})"
        : $"{r.TaskId}: TTT {r.Steps} steps on {r.Sequences} demo sequences, loss {r.FirstLoss:0.000} → {r.LastLoss:0.000}, {r.Seconds:0.0} s";
}
