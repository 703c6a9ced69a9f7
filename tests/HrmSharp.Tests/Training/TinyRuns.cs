using HrmSharp.Tests.Data;
using HrmSharp.Modeling;
using HrmSharp.Training;

namespace HrmSharp.Tests.Training;

/// <summary>Configs small enough for unit tests: a 32-wide HRM with one layer per level on short synthetic sequences.</summary>
internal static class TinyRuns
{
    public static TrainConfig Synthetic(long steps = 10) => new()
    {
        Name = "tiny-test",
        Data = new DataConfig { Kind = DataKind.Synthetic, TrainCount = 64, EvalCount = 12, SyntheticSeqLen = 12, SyntheticVocab = 6, Seed = 3 },
        Model = new ModelConfig
        {
            HiddenSize = 32, NumHeads = 2, HLayers = 1, LLayers = 1, HCycles = 2, LCycles = 2, HaltMaxSteps = 3,
            HaltExplorationProb = 0.5, PuzzleEmbNdim = 32,
        },
        Optimizer = new OptimizerConfig { Lr = 3e-3, WarmupSteps = 3, PuzzleEmbLr = 1e-2 },
        BatchSize = 8,
        Steps = steps,
        DType = DTypeChoice.Float32,
        Seed = 7,
        Threads = 1,
    };

    /// <summary>
    /// A puzzle-identifier ARC run of 2 steps (hrm-tiny shrunk: hidden 32, one layer per level, 3 augmentations per task)
    /// on four tiny recolouring tasks written under <paramref name="dir"/>; returns the run folder and the task folder.
    /// </summary>
    public static (string Run, string Arc) TrainArcPuzzleId(string dir)
    {
        var arc = TestTasks.WriteRecolourFolder(Path.Combine(dir, "arc"), seed: 11);
        var run = Path.Combine(dir, "run");
        var (exit, rep) = RecordingReporter.Run("train", "--preset", "hrm-tiny", "--data", arc, "--steps", "2", "--out", run,
            "--set", "model.hidden_size=32", "--set", "model.num_heads=2", "--set", "model.H_layers=1", "--set", "model.L_layers=1",
            "--set", "model.puzzle_emb_ndim=32", "--set", "batch_size=2", "--set", "threads=1", "--set", "dtype=float32",
            "--set", "data.augmentations=3", "--set", "model.halt_max_steps=2");
        Assert.True(exit == 0, string.Join("\n", rep.AllLines));
        return (run, arc);
    }

    /// <summary>The config as a JSON file under <paramref name="dir"/>, for the CLI's --preset.</summary>
    public static string WritePreset(string dir, TrainConfig config)
    {
        var path = Path.Combine(dir, "tiny.json");
        File.WriteAllText(path, config.ToJson());
        return path;
    }
}
