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

    /// <summary>The config as a JSON file under <paramref name="dir"/>, for the CLI's --preset.</summary>
    public static string WritePreset(string dir, TrainConfig config)
    {
        var path = Path.Combine(dir, "tiny.json");
        File.WriteAllText(path, config.ToJson());
        return path;
    }
}
