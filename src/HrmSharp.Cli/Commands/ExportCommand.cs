using System.CommandLine;
using HrmSharp.Modeling;
using HrmSharp.Training;

namespace HrmSharp.Cli.Commands;

/// <summary>`hrm export`: a checkpoint's weights as one safetensors file under the reference state_dict names (loadable by the PyTorch reference).</summary>
public static class ExportCommand
{
    public static Command Create(CliContext ctx)
    {
        var checkpoint = new Option<string>("--checkpoint") { Description = "A checkpoint folder, or a run folder (its latest checkpoint).", Required = true };
        var output = new Option<string>("--safetensors") { Description = "Output file.", Required = true };
        var noEma = new Option<bool>("--no-ema") { Description = "Export the live weights even when the checkpoint has EMA weights." };
        var cmd = new Command("export", "Export a checkpoint's weights to safetensors with the reference parameter names.") { checkpoint, output, noEma };
        cmd.SetAction(parse =>
        {
            var info = Checkpoint.ReadInfo(Checkpoint.Resolve(parse.GetValue(checkpoint)!));
            using var model = Checkpoint.LoadModel(info, useEma: !parse.GetValue(noEma));
            var path = parse.GetValue(output)!;
            if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } dir)
                Directory.CreateDirectory(dir);
            ModelWeights.SaveFile(model, path, new Dictionary<string, string>
            {
                ["hrmsharp_step"] = info.Step.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["hrmsharp_model_config"] = info.Config.Model.ToJson(),
            });
            int tensors = ModelWeights.Named(model).Count;
            ctx.Reporter.Info($"wrote {tensors} tensors (step {info.Step}) to {path}");
            return CliApp.Ok;
        });
        return cmd;
    }
}
