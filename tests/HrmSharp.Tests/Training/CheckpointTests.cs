using System.Text.Json.Nodes;
using HrmSharp.IO;
using HrmSharp.Training;
using static TorchSharp.torch;

namespace HrmSharp.Tests.Training;

/// <summary>A damaged or mismatched checkpoint gives an HrmException naming the checkpoint, file and tensor, never a crash.</summary>
public sealed class CheckpointTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly RunFolder _run;
    private readonly string _checkpoint;

    public CheckpointTests()
    {
        _run = new RunFolder(_dir.Path);
        using var t = RunSetup.Start(TinyRuns.Synthetic(steps: 2) with { Data = TinyRuns.Synthetic().Data with { EvalCount = 0 } }, _run, resume: false);
        t.Run(_run, NullTrainingMonitor.Instance);
        _checkpoint = _run.LatestCheckpoint!;
    }

    public void Dispose() => _dir.Dispose();

    private HrmException Resume() =>
        Assert.Throws<HrmException>(() => RunSetup.Start(TinyRuns.Synthetic(steps: 4) with { Data = TinyRuns.Synthetic().Data with { EvalCount = 0 } },
            _run, resume: true).Dispose());

    private string File_(string name) => Path.Combine(_checkpoint, name);

    /// <summary>Updates trainer.json's recorded size after a deliberate edit, so the deeper check is the one that fires.</summary>
    private void Resize(string name)
    {
        var info = JsonNode.Parse(File.ReadAllText(File_(Checkpoint.InfoFile)))!;
        info["files"]![name] = new FileInfo(File_(name)).Length;
        File.WriteAllText(File_(Checkpoint.InfoFile), info.ToJsonString());
    }

    [Fact]
    public void HoldsEverythingNeededToResume()
    {
        Assert.Equal("checkpoint-0000002", Path.GetFileName(_checkpoint));
        Assert.Equal("checkpoint-0000002", File.ReadAllText(Path.Combine(_run.CheckpointsDir, CheckpointFolders.LatestFile)).Trim());
        var info = Checkpoint.ReadInfo(_checkpoint);
        Assert.Equal(2, info.Step);
        Assert.Equal(TrainConfig.Load(_run.ConfigPath), info.Config);
        using var state = Safetensors.Read(File_(Checkpoint.StateFile));
        Assert.Equal(["carry/z_H", "carry/z_L", "carry/steps", "carry/halted", "carry/inputs", "carry/labels", "carry/puzzle_identifiers", "rng/exploration"], state.Names);
        Assert.Equal(new long[] { 8, 13, 32 }, state["carry/z_H"].shape); // batch, 1 puzzle token + 12, hidden
        Assert.Equal(ScalarType.Bool, state["carry/halted"].dtype);
        Assert.Equal(CheckpointFolders.Resolve(_dir.Path), CheckpointFolders.Resolve(_run.CheckpointsDir));
        Assert.Equal(_checkpoint, CheckpointFolders.Resolve(_dir.Path));
    }

    [Fact]
    public void TruncatedWeightsAreNamed()
    {
        var path = File_(Checkpoint.ModelFile);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        var ex = Resume();
        Assert.Contains($"checkpoint-0000002/model.safetensors: {bytes.Length / 2} bytes but the checkpoint wrote {bytes.Length} (truncated or replaced)", ex.Message);

        Resize(Checkpoint.ModelFile); // size check passed: the safetensors reader names the tensor cut off
        ex = Resume();
        Assert.Contains("checkpoint-0000002/model.safetensors: tensor '", ex.Message);
        Assert.Contains("truncated file?", ex.Message);
    }

    [Fact]
    public void MissingFilesAreNamed()
    {
        File.Delete(File_(Checkpoint.OptimizerFile));
        Assert.Contains("checkpoint-0000002/optimizer.bin: missing", Resume().Message);
        File.Delete(File_(Checkpoint.InfoFile));
        Assert.Contains("checkpoint-0000002/trainer.json: missing", Resume().Message);
    }

    [Fact]
    public void AnUnreadableOptimizerStateIsNamed()
    {
        var path = File_(Checkpoint.OptimizerFile);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..100]);
        Resize(Checkpoint.OptimizerFile);
        var ex = Resume();
        Assert.Contains("checkpoint-0000002/optimizer.bin: cannot be read", ex.Message);
    }

    [Fact]
    public void AWrongCarryShapeNamesTheTensor()
    {
        var path = File_(Checkpoint.StateFile);
        Dictionary<string, Tensor> tensors;
        using (var state = Safetensors.Read(path))
            tensors = state.Names.ToDictionary(n => n, n => state[n].clone());
        tensors["carry/z_L"] = zeros(8, 13, 16);
        Safetensors.Write(path, tensors);
        Resize(Checkpoint.StateFile);
        var ex = Resume();
        Assert.Contains("checkpoint-0000002/state.safetensors: tensor 'carry/z_L' is Float32 [8, 13, 16] but this run expects Float32 [8, 13, 32]", ex.Message);
    }

    [Fact]
    public void WeightsOfAnotherShapeAreNamed()
    {
        // A checkpoint whose config says hidden 32 but whose weights come from a 64-wide model.
        var other = new RunFolder(Path.Combine(_dir.Path, "other"));
        var wide = TinyRuns.Synthetic(steps: 1) with
        {
            Model = TinyRuns.Synthetic().Model with { HiddenSize = 64, PuzzleEmbNdim = 64 },
            Data = TinyRuns.Synthetic().Data with { EvalCount = 0 },
        };
        using (var t = RunSetup.Start(wide, other, resume: false))
            t.Run(other, NullTrainingMonitor.Instance);
        File.Copy(Path.Combine(other.LatestCheckpoint!, Checkpoint.ModelFile), File_(Checkpoint.ModelFile), overwrite: true);
        Resize(Checkpoint.ModelFile);
        var ex = Resume();
        Assert.Contains("checkpoint-0000002/model.safetensors: tensor 'inner.embed_tokens.embedding_weight' has shape [6, 64] but the model expects [6, 32]", ex.Message);
    }

    [Fact]
    public void ABrokenLatestPointerOrInfoIsAnError()
    {
        File.WriteAllText(Path.Combine(_run.CheckpointsDir, CheckpointFolders.LatestFile), "checkpoint-0000099\n");
        Assert.Contains("names 'checkpoint-0000099', which is not a checkpoint folder", Resume().Message);
        File.WriteAllText(Path.Combine(_run.CheckpointsDir, CheckpointFolders.LatestFile), "checkpoint-0000002\n");
        File.WriteAllText(File_(Checkpoint.InfoFile), "{\"format\": \"something else\"}");
        Assert.Contains("checkpoint-0000002/trainer.json: not an HrmSharp checkpoint", Resume().Message);
        File.WriteAllText(File_(Checkpoint.InfoFile), "{\"format\": 3}"); // a value of the wrong kind is a message too, not a crash
        Assert.Contains("checkpoint-0000002/trainer.json: not an HrmSharp checkpoint", Resume().Message);
        File.WriteAllText(File_(Checkpoint.InfoFile), $"{{\"format\": \"{Checkpoint.Format}\", \"version\": \"one\"}}");
        Assert.Contains("checkpoint-0000002/trainer.json: checkpoint version \"one\" is not supported", Resume().Message);
        File.WriteAllText(File_(Checkpoint.InfoFile), "{ not json");
        Assert.Contains("checkpoint-0000002/trainer.json: invalid JSON at line", Resume().Message);
    }
}
