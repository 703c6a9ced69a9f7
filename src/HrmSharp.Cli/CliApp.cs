using System.CommandLine;
using HrmSharp.Cli.Commands;

namespace HrmSharp.Cli;

/// <summary>Builds the command tree and runs it: exit 0 on success, 2 on bad input, 1 on an internal error.</summary>
public static class CliApp
{
    public const int Ok = 0;
    public const int InternalError = 1;
    public const int BadInput = 2;

    public static RootCommand BuildRoot(CliContext ctx)
    {
        var root = new RootCommand("HrmSharp: hierarchical and recursive reasoning models for grid puzzles (ARC-AGI, Sudoku, mazes).");
        // One line per command group; each group lives in its own file under Commands/.
        root.Subcommands.Add(DataCommands.Create(ctx));
        root.Subcommands.Add(BenchCommands.Create(ctx));
        root.Subcommands.Add(InfoCommand.Create(ctx));
        root.Subcommands.Add(TrainCommand.Create(ctx));
        root.Subcommands.Add(ExperimentCommands.Create(ctx));
        root.Subcommands.Add(EvalCommand.Create(ctx));
        root.Subcommands.Add(SolveCommand.Create(ctx));
        root.Subcommands.Add(ImportCommand.Create(ctx));
        root.Subcommands.Add(ExportCommand.Create(ctx));
        root.Subcommands.Add(RenderCommand.Create(ctx));
        root.Subcommands.Add(PlotCommand.Create(ctx));
        root.Subcommands.Add(ReportCommand.Create(ctx));
        return root;
    }

    public static int Run(string[] args, CliContext ctx)
    {
        var root = BuildRoot(ctx);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var e in parse.Errors) ctx.Reporter.Error(e.Message);
            ctx.Reporter.Error("run with --help to see the commands and options");
            return BadInput;
        }
        try
        {
            return parse.Invoke(new InvocationConfiguration
            {
                EnableDefaultExceptionHandler = false,
                Output = ctx.Out,
                Error = ctx.Err,
            });
        }
        catch (Exception ex) when (Unwrap(ex) is HrmException bad)
        {
            foreach (var p in bad.Problems) ctx.Reporter.Error(p);
            return BadInput;
        }
        catch (Exception ex) when (Unwrap(ex) is OperationCanceledException)
        {
            ctx.Reporter.Warn("cancelled");
            return 130;
        }
    }

    private static Exception Unwrap(Exception ex) =>
        ex is AggregateException { InnerExceptions.Count: 1 } agg ? Unwrap(agg.InnerExceptions[0])
        : ex is System.Reflection.TargetInvocationException { InnerException: { } inner } ? Unwrap(inner)
        : ex;
}
