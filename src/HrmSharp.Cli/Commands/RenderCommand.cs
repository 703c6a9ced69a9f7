using System.CommandLine;
using System.Globalization;
using HrmSharp.Data;
using HrmSharp.IO;
using HrmSharp.Reporting;

namespace HrmSharp.Cli.Commands;

/// <summary>`hrm render TASK [TASK_ID] --out task.png [--prediction PRED.json]`: one task (and predictions) as a PNG in the ARC palette.</summary>
public static class RenderCommand
{
    public static Command Create(CliContext ctx)
    {
        var path = new Argument<string>("task") { Description = "A task file, a folder of task files, or a Kaggle challenges file." };
        var id = new Argument<string?>("task-id")
        {
            Description = "The task to draw (may be left out when TASK holds a single task).",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var output = new Option<string?>("--out", "-o") { Description = "PNG file to write (default: <task id>.png in the current folder)." };
        var prediction = new Option<string?>("--prediction", "-p")
        {
            Description = "Predictions to draw under the test inputs: an ARC Prize submission {task_id: [{\"attempt_1\": G, \"attempt_2\": G}, ...]}, " +
                          "a plain {\"attempt_1\": G, \"attempt_2\": G} for the first test input (or a list of them, one per test input), " +
                          "or an evaluation report.json (adds votes, q_halt and refinement steps).",
        };
        var scale = new Option<int?>("--scale")
        {
            Description = $"Pixels per cell, {GridRenderer.MinScaleWithLines}..{GridRenderer.MaxScale} (default: fit the largest grid to about 160 pixels).",
        };
        var solutions = DataValidateCommand.SolutionsOption();
        var cmd = new Command("render", "Draw a task's demos, test inputs, expected outputs and predictions as one PNG in the ARC colours.");
        cmd.Arguments.Add(path);
        cmd.Arguments.Add(id);
        cmd.Options.Add(output);
        cmd.Options.Add(prediction);
        cmd.Options.Add(scale);
        cmd.Options.Add(solutions);
        cmd.SetAction(parse => Run(ctx, parse.GetValue(path)!, parse.GetValue(id), parse.GetValue(output), parse.GetValue(prediction),
                                   parse.GetValue(scale), parse.GetValue(solutions)));
        return cmd;
    }

    private static int Run(CliContext ctx, string path, string? id, string? output, string? prediction, int? scale, string? solutions)
    {
        if (scale is { } s && (s < GridRenderer.MinScaleWithLines || s > GridRenderer.MaxScale))
            throw new HrmException($"--scale must be {GridRenderer.MinScaleWithLines}..{GridRenderer.MaxScale} pixels per cell, got {s}");
        var task = FindTask(TaskLoader.Check(path, solutions), path, id);
        var sheet = prediction is null ? TaskFiles.FromTask(task) : PredictionFile.Apply(task, prediction);
        string target = output ?? task.Id + ".png";
        byte[] png = TaskSheet.Png(sheet, scale);
        AtomicFile.WriteAllBytes(target, png);
        int attempts = sheet.Tests.Sum(t => t.Attempts.Count);
        ctx.Reporter.Info($"{target}: task {task.Id}, {task.Train.Count} demos, {task.Test.Count} test input{(task.Test.Count == 1 ? "" : "s")}" +
                          (prediction is null ? "" : $", {attempts} attempt{(attempts == 1 ? "" : "s")}") +
                          $" ({(png.Length / 1024.0).ToString("0.0", CultureInfo.InvariantCulture)} KiB)");
        return CliApp.Ok;
    }

    /// <summary>The named task, or the only one; an invalid task's own problems are the useful answer.</summary>
    internal static ArcTask FindTask(TaskLoadResult result, string path, string? id)
    {
        if (id is null)
        {
            if (!result.IsValid) throw new HrmException(result.Problems);
            if (result.Tasks.Count == 1) return result.Tasks[0];
            throw new HrmException($"{path} holds {result.Tasks.Count} tasks; name one, e.g. hrm render {path} {result.Tasks[0].Id}");
        }
        if (result.Tasks.FirstOrDefault(t => t.Id == id) is { } task) return task;
        var own = result.Problems.Where(p => p.Contains($"task {id}:", StringComparison.Ordinal) || p.Contains($"task {id},", StringComparison.Ordinal)).ToList();
        HrmException.ThrowIfAny(own);
        throw new HrmException($"task {id} not found in {path} ({result.Tasks.Count} tasks)");
    }
}
