using System.CommandLine;
using System.Text;
using HrmSharp.Data;
using Spectre.Console;
using Spectre.Console.Rendering;
using Grid = HrmSharp.Data.Grid;

namespace HrmSharp.Cli.Commands;

/// <summary>`hrm data show PATH [TASK_ID]`: draws a task's demo and test pairs in the ARC palette.</summary>
public static class DataShowCommand
{
    /// <summary>Pairs wider than this (in terminal columns) are drawn input above output instead of side by side.</summary>
    private const int SideBySideWidth = 100;

    public static Command Create(CliContext ctx)
    {
        var path = new Argument<string>("path") { Description = "A folder of task files, one task file, or a Kaggle challenges file." };
        var id = new Argument<string?>("task-id")
        {
            Description = "The task to draw (may be left out when PATH holds a single task).",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var digits = new Option<bool>("--digits") { Description = "Write each cell's colour number too (readable without colours)." };
        var solutions = DataValidateCommand.SolutionsOption();
        var cmd = new Command("show", "Draw a task's grids in the terminal in the ARC colours.");
        cmd.Arguments.Add(path);
        cmd.Arguments.Add(id);
        cmd.Options.Add(digits);
        cmd.Options.Add(solutions);
        cmd.SetAction(parse => Run(ctx, parse.GetValue(path)!, parse.GetValue(id), parse.GetValue(digits), parse.GetValue(solutions)));
        return cmd;
    }

    private static int Run(CliContext ctx, string path, string? id, bool digits, string? solutions)
    {
        var result = TaskLoader.Check(path, solutions);
        var task = Find(result, path, id);
        ctx.Reporter.Info($"task {task.Id}: {task.Train.Count} demo pairs, {task.Test.Count} test input{(task.Test.Count == 1 ? "" : "s")}");
        for (int i = 0; i < task.Train.Count; i++) ctx.Reporter.Write(RenderPair($"train[{i}]", task.Train[i], digits));
        for (int i = 0; i < task.Test.Count; i++) ctx.Reporter.Write(RenderPair($"test[{i}]", task.Test[i], digits));
        return CliApp.Ok;
    }

    private static ArcTask Find(TaskLoadResult result, string path, string? id)
    {
        if (id is null)
        {
            if (result.Tasks.Count == 1 && result.IsValid) return result.Tasks[0];
            if (!result.IsValid) throw new HrmException(result.Problems);
            throw new HrmException($"{path} holds {result.Tasks.Count} tasks; name one, e.g. hrm data show {path} {result.Tasks[0].Id}");
        }
        if (result.Tasks.FirstOrDefault(t => t.Id == id) is { } task) return task;
        // The task may be one of the invalid ones: then its problems are the useful answer.
        var own = result.Problems.Where(p => p.Contains($"task {id}:", StringComparison.Ordinal) || p.Contains($"task {id},", StringComparison.Ordinal)).ToList();
        HrmException.ThrowIfAny(own);
        throw new HrmException($"task {id} not found in {path} ({result.Tasks.Count} tasks)");
    }

    private static IRenderable RenderPair(string label, Pair pair, bool digits)
    {
        var (input, output) = (pair.Input, pair.Output);
        string header = $"[bold]{Markup.Escape(label)}[/]  {input.Rows}x{input.Cols} -> {(output is null ? "?" : $"{output.Rows}x{output.Cols}")}";
        IRenderable outView = output is null ? new Markup("[dim]?[/]") : RenderGrid(output, digits);
        int width = 2 * input.Cols + 4 + 2 * (output?.Cols ?? 1);
        if (width > SideBySideWidth)
            return new Rows(new Markup(header), RenderGrid(input, digits), new Text("->"), outView, new Text(""));
        var layout = new Spectre.Console.Grid();
        layout.AddColumn(new GridColumn().NoWrap());
        layout.AddColumn(new GridColumn().NoWrap());
        layout.AddColumn(new GridColumn().NoWrap());
        layout.AddRow(RenderGrid(input, digits), new Text("->"), outView);
        return new Rows(new Markup(header), layout, new Text(""));
    }

    /// <summary>Two terminal columns per cell, painted in the cell's ARC colour.</summary>
    internal static Markup RenderGrid(Grid grid, bool digits)
    {
        var sb = new StringBuilder();
        for (int r = 0; r < grid.Rows; r++)
        {
            if (r > 0) sb.Append('\n');
            for (int c = 0; c < grid.Cols; c++)
            {
                int colour = grid[r, c];
                if (digits)
                {
                    // Dark text on the light colours (yellow, grey, sky blue), white on the rest.
                    string fg = colour is 4 or 5 or 8 ? "black" : "white";
                    sb.Append($"[{fg} on {ArcPalette.Hex[colour]}] {colour}[/]");
                    continue;
                }
                // One markup span per run of equal colours keeps the markup short.
                int run = 1;
                while (c + run < grid.Cols && grid[r, c + run] == colour) run++;
                sb.Append($"[on {ArcPalette.Hex[colour]}]").Append(' ', 2 * run).Append("[/]");
                c += run - 1;
            }
        }
        return new Markup(sb.ToString());
    }
}
