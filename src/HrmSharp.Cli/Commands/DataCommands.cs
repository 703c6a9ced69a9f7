using System.CommandLine;

namespace HrmSharp.Cli.Commands;

/// <summary>`hrm data ...`: the data-layer commands (stats, show, validate, sudoku, maze, synth, build).</summary>
public static class DataCommands
{
    public static Command Create(CliContext ctx)
    {
        var data = new Command("data", "Inspect, validate and generate puzzle data.");
        _ = ctx;
        data.Subcommands.Add(DataSynthCommand.Create(ctx));
        return data;
    }
}
