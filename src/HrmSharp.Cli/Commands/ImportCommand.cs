using System.CommandLine;
using HrmSharp.Training;

namespace HrmSharp.Cli.Commands;

/// <summary>`hrm import`: an official HRM/TRM checkpoint (torch.save or safetensors, with its all_config.yaml) as an HrmSharp run folder.</summary>
public static class ImportCommand
{
    public static Command Create(CliContext ctx)
    {
        var checkpoint = new Argument<string>("checkpoint")
        {
            Description = "The checkpoint file the official training script wrote (e.g. checkpoints/.../step_12345), or a safetensors file.",
        };
        var output = new Option<string>("--out") { Description = "The run folder to create.", Required = true };
        var config = new Option<string?>("--config") { Description = "The run's all_config.yaml (default: the one beside the checkpoint)." };
        var seqLen = new Option<int?>("--seq-len")
        {
            Description = "Tokens per example, puzzle positions not counted (default: seq_len from the dataset.json under the config's data_path; " +
                          "900 for ARC and mazes, 81 for Sudoku).",
        };
        var identifiers = new Option<string?>("--identifiers")
        {
            Description = "ARC: the identifiers.json the reference dataset builder wrote, naming each puzzle-embedding row (default: the one under the config's data_path).",
        };
        var cmd = new Command("import", "Import an official PyTorch HRM/TRM checkpoint into a run folder that eval, solve, report and export read.")
        {
            checkpoint, output, config, seqLen, identifiers,
        };
        cmd.SetAction(parse =>
        {
            if (parse.GetValue(seqLen) is < 1 and var bad)
                throw new HrmException($"--seq-len must be at least 1, got {bad}");
            var result = CheckpointImport.Run(new CheckpointImport.Request(parse.GetValue(checkpoint)!, parse.GetValue(config), parse.GetValue(seqLen),
                parse.GetValue(output)!, parse.GetValue(identifiers)));
            var m = result.Config.Model;
            ctx.Reporter.Info($"imported {result.Tensors} tensors: {m.Core.ToString().ToLowerInvariant()} core, hidden {m.HiddenSize}, vocab {m.VocabSize}, " +
                              $"seq_len {m.SeqLen}, {m.NumPuzzleIdentifiers} puzzle identifiers, step {result.Step}");
            if (result.PuzzleIds is { } ids)
                ctx.Reporter.Info($"puzzle identifiers: {ids.Count - 1} named (tasks × augmentations) from the reference builder's identifiers.json");
            else if (m.NumPuzzleIdentifiers > 1)
                ctx.Reporter.Warn("the puzzle embedding has rows but no identifiers.json was found: ARC evaluation needs the reference builder's (--identifiers FILE)");
            ctx.Reporter.Info($"run folder: {parse.GetValue(output)} (checkpoint {Path.GetFileName(result.CheckpointFolder)}; weights only, so it cannot be resumed)");
            return CliApp.Ok;
        });
        return cmd;
    }
}
