using System.CommandLine;
using HrmSharp.Encoding;
using HrmSharp.IO;
using HrmSharp.Modeling;
using HrmSharp.Training;

namespace HrmSharp.Cli.Commands;

/// <summary>`hrm export`: a checkpoint's weights as one safetensors file under the reference state_dict names (loadable by the PyTorch reference).</summary>
public static class ExportCommand
{
    public static Command Create(CliContext ctx)
    {
        var checkpoint = new Option<string>("--checkpoint") { Description = "A checkpoint folder, or a run folder (its latest checkpoint).", Required = true };
        var output = new Option<string?>("--safetensors") { Description = "Write the weights as one safetensors file." };
        var pytorch = new Option<string?>("--pytorch") { Description = "Write the weights as a torch.save state dict (torch.load reads it; so does hrm import)." };
        var noEma = new Option<bool>("--no-ema") { Description = "Export the live weights even when the checkpoint has EMA weights." };
        var cmd = new Command("export", "Export a checkpoint's weights (safetensors or PyTorch) with the reference parameter names.") { checkpoint, output, pytorch, noEma };
        cmd.SetAction(parse =>
        {
            var (safetensors, torchFile) = (parse.GetValue(output), parse.GetValue(pytorch));
            if (safetensors is null && torchFile is null)
                throw new HrmException("name an output: --safetensors FILE and/or --pytorch FILE");
            var info = Checkpoint.ReadInfo(CheckpointFolders.Resolve(parse.GetValue(checkpoint)!));
            using var model = Checkpoint.LoadModel(info, useEma: !parse.GetValue(noEma));
            int tensors = ModelWeights.Named(model).Count;
            foreach (var path in new[] { safetensors, torchFile }.OfType<string>())
                if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } dir)
                    Directory.CreateDirectory(dir);
            if (safetensors is not null)
            {
                ModelWeights.SaveFile(model, safetensors, new Dictionary<string, string>
                {
                    ["hrmsharp_step"] = info.Step.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ["hrmsharp_model_config"] = info.Config.Model.ToJson(),
                });
                ctx.Reporter.Info($"wrote {tensors} tensors (step {info.Step}) to {safetensors}");
            }
            if (torchFile is not null)
            {
                PyTorchFile.Write(torchFile, ModelWeights.Named(model));
                ctx.Reporter.Info($"wrote {tensors} tensors (step {info.Step}) to {torchFile} (torch.save format)");
                var yamlPath = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(torchFile))!, "all_config.yaml");
                if (ReferenceArchConfig.ToYaml(info.Config.Model, out var reason) is { } yaml)
                {
                    AtomicFile.WriteAllText(yamlPath, yaml);
                    ctx.Reporter.Info($"wrote the reference's arch section beside it: {yamlPath}");
                }
                else
                {
                    ctx.Reporter.Warn($"no all_config.yaml written: the official code cannot build this model ({reason})");
                }
                if (info.PuzzleIds is { Count: > 1 } ids)
                {
                    var idsPath = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(torchFile))!, ReferenceIdentifiers.FileName);
                    AtomicFile.WriteAllText(idsPath, ReferenceIdentifiers.ToJson(ids));
                    ctx.Reporter.Info($"wrote what each puzzle-embedding row stands for, in the reference builder's form: {idsPath}");
                }
            }
            return CliApp.Ok;
        });
        return cmd;
    }
}
