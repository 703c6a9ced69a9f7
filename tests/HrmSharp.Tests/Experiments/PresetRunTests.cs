using HrmSharp.Tests.Data;
using HrmSharp.Modeling;
using HrmSharp.Training;

namespace HrmSharp.Tests.Experiments;

/// <summary>Every preset in configs/ loads, validates and trains, shrunk by overrides, in each conditioning it supports.</summary>
public sealed class PresetRunTests
{
    /// <summary>(preset, conditioning): puzzle-id unless the preset is built on 2D rotary positions (in-context only);
    /// context for ARC presets whose blocks do not need a fixed length (mlp_t does).</summary>
    public static TheoryData<string, string> PresetsAndConditionings()
    {
        var data = new TheoryData<string, string>();
        foreach (var name in Presets.Names())
        {
            var c = Presets.Load(name);
            if (c.Model.PosEncodings != PosEncoding.Rope2d) data.Add(name, "puzzle-id");
            if (c.Data.Kind == DataKind.Arc && !c.Model.MlpT) data.Add(name, "context");
        }
        return data;
    }

    [Fact]
    public void TheCoresHaveTheirPresets()
    {
        var names = Presets.Names();
        foreach (var (name, core) in new[] { ("trm-arc", CoreKind.Trm), ("trm-tiny", CoreKind.Trm), ("trm-sudoku-tiny", CoreKind.Trm), ("transformer-tiny", CoreKind.Transformer) })
        {
            Assert.Contains(name, names);
            Assert.Equal(core, Presets.Load(name).Model.Core);
        }
        Assert.True(Presets.Load("trm-sudoku-tiny").Model.MlpT);
        Assert.Equal(Presets.Load("hrm-sudoku-tiny").Data, Presets.Load("trm-sudoku-tiny").Data);
        Assert.Equal(Presets.Load("hrm-tiny").Data, Presets.Load("trm-tiny").Data);
        Assert.Equal(Presets.Load("hrm-tiny").Data, Presets.Load("transformer-tiny").Data);
    }

    [Fact]
    public void TrmArcPresetIsThePublishedConfiguration()
    {
        // TinyRecursiveModels config/cfg_pretrain.yaml + arch/trm.yaml with the README's ARC-AGI-1 command (L_cycles 4, ema=True).
        var c = Presets.Load("trm-arc");
        var m = c.Model;
        Assert.Equal((CoreKind.Trm, 512, 8, 4.0, PosEncoding.Rope), (m.Core, m.HiddenSize, m.NumHeads, m.Expansion, m.PosEncodings));
        Assert.Equal((0, 2, 3, 4), (m.HLayers, m.LLayers, m.HCycles, m.LCycles));
        Assert.Equal((16, 0.1, true), (m.HaltMaxSteps, m.HaltExplorationProb, m.NoActContinue));
        Assert.Equal((512, 16, 16), (m.PuzzleEmbNdim, m.PuzzleEmbLen, m.PuzzleTokens));
        Assert.Equal(LossType.StablemaxCrossEntropy, m.LossType);
        var o = c.Optimizer;
        Assert.Equal(("adam_atan2", 1e-4, 0.9, 0.95, 0.1), (o.Name, o.Lr, o.Beta1, o.Beta2, o.WeightDecay));
        Assert.Equal((2000L, 1.0, 1e-2, 0.1), (o.WarmupSteps, o.LrMinRatio, o.PuzzleEmbLr, o.PuzzleEmbWeightDecay));
        Assert.Equal((true, 0.999), (c.Ema.Enabled, c.Ema.Decay));
        Assert.Equal((768, DataKind.Arc, 1000), (c.BatchSize, c.Data.Kind, c.Data.Augmentations));
    }

    [Theory]
    [MemberData(nameof(PresetsAndConditionings))]
    public void PresetTrainsTwoStepsShrunk(string preset, string conditioning)
    {
        using var dir = new TempDir();
        var config = Presets.Load(preset);
        var run = Path.Combine(dir.Path, "run");
        List<string> args = ["train", "--preset", preset, "--conditioning", conditioning, "--steps", "2", "--out", run,
            "--set", "model.hidden_size=32", "--set", "model.num_heads=2", "--set", "model.L_layers=1", "--set", "batch_size=2",
            "--set", "data.eval_count=0", "--set", "threads=1", "--set", "dtype=float32", "--set", "data.augmentations=1",
            "--set", "data.train_count=8", "--set", "data.context_tokens_per_batch=256", "--set", "model.halt_max_steps=2"];
        if (config.Model.HLayers > 0) args.AddRange(["--set", "model.H_layers=1"]);
        if (conditioning == "puzzle-id" && config.Model.PuzzleEmbNdim > 0) args.AddRange(["--set", "model.puzzle_emb_ndim=32"]);
        if (config.Data.Kind == DataKind.Arc) args.AddRange(["--data", TestTasks.WriteRecolourFolder(Path.Combine(dir.Path, "arc"), seed: 11)]);
        if (config.Data.Kind == DataKind.Maze) args.AddRange(["--set", "data.maze_size=7"]);

        var (exit, rep) = RecordingReporter.Run([.. args]);
        Assert.True(exit == 0, string.Join("\n", rep.Errors));
        Assert.Contains(rep.Infos, l => l.StartsWith("trained 2 steps", StringComparison.Ordinal));
        var saved = TrainConfig.Load(Path.Combine(run, "config.json"));
        Assert.Equal(config.Model.Core, saved.Model.Core);
        Assert.Equal(conditioning == "context" ? Conditioning.Context : Conditioning.PuzzleId, saved.Model.Conditioning);
    }

}
