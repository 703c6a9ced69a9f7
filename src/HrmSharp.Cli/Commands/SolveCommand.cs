using System.CommandLine;
using HrmSharp.Data;
using HrmSharp.Evaluation;
using HrmSharp.Modeling;
using HrmSharp.Runtime;
using HrmSharp.Training;
using Spectre.Console;
using TorchSharp;

namespace HrmSharp.Cli.Commands;

/// <summary>
/// `hrm solve TASK.json --checkpoint C`: solves one task with an in-context model — the task need not have been seen
/// in training — and prints two attempts per test input (drawn with --show; a submission file with --out). With
/// --ttt-steps / --ttt-minutes, each task is first fine-tuned on its own demos (a copy; the checkpoint is only read).
/// </summary>
public static class SolveCommand
{
    public static Command Create(CliContext ctx)
    {
        var task = new Argument<string>("task") { Description = "A task JSON file (ARC format; test outputs optional)." };
        var checkpoint = new Option<string>("--checkpoint") { Description = "A checkpoint folder of an in-context model, or its run folder.", Required = true };
        var views = new Option<int>("--views") { Description = "Augmented views that vote (identity first).", DefaultValueFactory = _ => 8 };
        var seed = new Option<int>("--seed") { Description = "Seed of the augmentations.", DefaultValueFactory = _ => 0 };
        var show = new Option<bool>("--show") { Description = "Draw the task and the attempts in the terminal." };
        var output = new Option<string?>("--out") { Description = "Write the attempts as an ARC Prize submission JSON." };
        var ttt = new TttCliOptions();
        var cmd = new Command("solve", "Solve one task with an in-context model: two attempts per test input.") { task, checkpoint, views, seed, show, output };
        foreach (var o in ttt.All) cmd.Options.Add(o);
        cmd.SetAction(parse =>
        {
            var r = ctx.Reporter;
            int v = parse.GetValue(views);
            if (v < 1) throw new HrmException($"--views must be at least 1, got {v}");
            var tasks = TaskLoader.Load(parse.GetValue(task)!);
            var info = Checkpoint.ReadInfo(CheckpointFolders.Resolve(parse.GetValue(checkpoint)!));
            if (info.Config.Model.Conditioning != Conditioning.Context)
                throw new HrmException($"{info.Name}: this model conditions on puzzle identifiers and can only answer tasks it was trained on; " +
                                       "solve needs an in-context model (conditioning context)");
            var tttOptions = ttt.Read(parse, info, parse.GetValue(seed));
            DeviceSetup.SetThreads(info.Config.Threads);
            var device = DeviceSetup.Device(info.Config.Device);
            using var model = Checkpoint.LoadModel(info, useEma: true);
            model.to(device);

            var tuning = tttOptions is null ? null : new TestTimeTraining(tttOptions, device);
            if (tttOptions is not null)
                r.Info($"test-time training per task: {Training.Context.ContextEvalSet.TttDescription(tttOptions)}");
            var prediction = new ContextPredictor(model, device, ttt: tuning, layout: info.Config.Data.ContextLayout,
                canvas: HrmSharp.Training.Data.DataFactory.Canvas(info.Config.Data))
                .Predict(tasks, v, parse.GetValue(seed), adapted: result => r.Info(TttCliOptions.Describe(result)));
            var result = prediction.Evaluator.Result();
            foreach (var skipped in prediction.Skipped) r.Warn(skipped.Message);
            foreach (var t in tasks)
            {
                if (parse.GetValue(show))
                    foreach (var (pair, i) in t.Train.Select((p, i) => (p, i)))
                        r.Write(new Columns(new Text($"{t.Id} demo {i}"), DataShowCommand.RenderGrid(pair.Input, false), DataShowCommand.RenderGrid(pair.Output!, false)));
                for (int i = 0; i < t.Test.Count; i++)
                {
                    var ranked = prediction.Evaluator.Ranked(t.Id, i);
                    var expected = t.Test[i].Output;
                    r.Info($"{t.Id} test {i}: {ranked.Count} distinct answers from {v} views");
                    foreach (var (c, k) in ranked.Take(2).Select((c, k) => (c, k)))
                    {
                        string mark = expected is null ? "" : c.Grid == expected ? "  correct" : "  wrong";
                        r.Info($"  attempt {k + 1}: {c.Grid.Rows}x{c.Grid.Cols}, {c.Votes} votes, q_halt {c.MeanQ:F2}{mark}  {c.Grid}");
                        if (parse.GetValue(show))
                            r.Write(DataShowCommand.RenderGrid(c.Grid, false));
                    }
                    if (ranked.Count == 0) r.Info("  no valid answer (every view's canvas was empty at the top-left)");
                }
            }
            if (tasks.Any(t => t.Test.All(p => p.Output is not null)))
                r.Info($"pass@2 {result.PassAtK.GetValueOrDefault(2):P1} over {result.ScoredTasks} task(s) with known answers");
            if (parse.GetValue(output) is { } path)
            {
                SubmissionWriter.Write(path, prediction.Evaluator.Submission());
                r.Info($"submission: {path}");
            }
            return CliApp.Ok;
        });
        return cmd;
    }
}
