using System.CommandLine;

namespace HrmSharp.Cli.Commands;

/// <summary>`hrm data ...`: the data-layer commands (stats, show, validate, sudoku, maze, synth, build).</summary>
public static class DataCommands
{
    public static Command Create(CliContext ctx)
    {
        var data = new Command("data", "Inspect, validate and generate puzzle data.");
        data.Subcommands.Add(DataStatsCommand.Create(ctx));
        data.Subcommands.Add(DataShowCommand.Create(ctx));
        data.Subcommands.Add(DataValidateCommand.Create(ctx));
        data.Subcommands.Add(DataSudokuCommand.Create(ctx));
        data.Subcommands.Add(DataMazeCommand.Create(ctx));
        data.Subcommands.Add(DataSynthCommand.Create(ctx));
        return data;
    }
}
