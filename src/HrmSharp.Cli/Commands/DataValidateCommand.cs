using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using HrmSharp.Data;

namespace HrmSharp.Cli.Commands;

/// <summary>`hrm data validate PATH`: every problem in every file, one line each, then a summary; exit 0 or 2.</summary>
public static class DataValidateCommand
{
    /// <summary>The --solutions option shared by the data commands that load tasks.</summary>
    internal static Option<string?> SolutionsOption() => new("--solutions")
    {
        Description = "Solutions file for a Kaggle challenges file (default: the matching ..._solutions.json beside it).",
    };

    public static Command Create(CliContext ctx)
    {
        var path = new Argument<string>("path") { Description = "A folder of task files (searched recursively), one task file, or a Kaggle challenges file." };
        var solutions = SolutionsOption();
        var cmd = new Command("validate", "Check ARC task files and list every problem (exit code 0 when valid, 2 otherwise).");
        cmd.Arguments.Add(path);
        cmd.Options.Add(solutions);
        cmd.SetAction(parse => Run(ctx, parse.GetValue(path)!, parse.GetValue(solutions)));
        return cmd;
    }

    private static int Run(CliContext ctx, string path, string? solutions)
    {
        var clock = Stopwatch.StartNew();
        var result = TaskLoader.Check(path, solutions);
        double ms = clock.Elapsed.TotalMilliseconds;
        string took = $"read and checked in {ms.ToString("0", CultureInfo.InvariantCulture)} ms";

        foreach (string problem in result.Problems) ctx.Reporter.Error(problem);
        int demos = result.Tasks.Sum(t => t.Train.Count), tests = result.Tasks.Sum(t => t.Test.Count);
        if (result.IsValid)
        {
            ctx.Reporter.Info($"{path}: valid: {result.Tasks.Count} tasks ({demos} demo pairs, {tests} test inputs) in {result.Files} files, {took}");
            return CliApp.Ok;
        }
        ctx.Reporter.Info($"{path}: {result.Problems.Count} problem{(result.Problems.Count == 1 ? "" : "s")} in " +
                          $"{result.BadFiles} of {result.Files} files; {result.Tasks.Count} tasks are valid; {took}");
        return CliApp.BadInput;
    }
}
