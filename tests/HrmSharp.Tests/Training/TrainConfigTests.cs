using HrmSharp.Modeling;
using HrmSharp.Runtime;
using HrmSharp.Training;

namespace HrmSharp.Tests.Training;

public sealed class TrainConfigTests
{
    [Fact]
    public void EveryShippedPresetLoadsAndValidates()
    {
        var names = Presets.Names();
        Assert.Contains("hrm-arc", names);
        Assert.Contains("hrm-tiny", names);
        Assert.Contains("hrm-sudoku-tiny", names);
        Assert.Contains("hrm-maze-tiny", names);
        foreach (var name in names)
        {
            var config = Presets.Load(name);
            Assert.Equal(name, config.Name);
            Assert.DoesNotContain(config.Problems(), p => !p.StartsWith("data.path", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void HrmArcPresetIsThePublishedConfiguration()
    {
        // The reference's values (sapientinc/HRM config/cfg_pretrain.yaml and arch/hrm_v1.yaml).
        var c = Presets.Load("hrm-arc");
        var m = c.Model;
        Assert.Equal((CoreKind.Hrm, 512, 8, 4.0), (m.Core, m.HiddenSize, m.NumHeads, m.Expansion));
        Assert.Equal((4, 4, 2, 2), (m.HLayers, m.LLayers, m.HCycles, m.LCycles));
        Assert.Equal((16, 0.1, PosEncoding.Rope, 512), (m.HaltMaxSteps, m.HaltExplorationProb, m.PosEncodings, m.PuzzleEmbNdim));
        Assert.Equal(LossType.StablemaxCrossEntropy, m.LossType);
        Assert.Equal(768, c.BatchSize);
        var o = c.Optimizer;
        Assert.Equal(("adam_atan2", 1e-4, 0.9, 0.95, 0.1), (o.Name, o.Lr, o.Beta1, o.Beta2, o.WeightDecay));
        Assert.Equal((2000L, 1.0, 1e-2, 0.1), (o.WarmupSteps, o.LrMinRatio, o.PuzzleEmbLr, o.PuzzleEmbWeightDecay));
        Assert.Equal((DataKind.Arc, 1000), (c.Data.Kind, c.Data.Augmentations));
        Assert.False(c.Ema.Enabled);
    }

    [Fact]
    public void JsonUsesSnakeCaseAndRoundTrips()
    {
        var config = TinyRuns.Synthetic() with { Ema = new EmaConfig { Enabled = true, Decay = 0.99 } };
        var node = config.ToNode();
        Assert.Equal(8, node["batch_size"]!.GetValue<int>());
        Assert.Equal("float32", node["dtype"]!.GetValue<string>());
        Assert.Equal("synthetic", node["data"]!["kind"]!.GetValue<string>());
        Assert.Equal("puzzle_id", node["data"]!["conditioning"]!.GetValue<string>());
        Assert.Equal(0.003, node["optimizer"]!["lr"]!.GetValue<double>());
        Assert.NotNull(node["optimizer"]!["puzzle_emb_weight_decay"]);
        Assert.Equal(1, node["model"]!["H_layers"]!.GetValue<int>());
        Assert.Null(node["optimizer"]!["kind"]); // computed, not data
        Assert.Equal(config, TrainConfig.Parse(config.ToJson(), "x"));
    }

    [Fact]
    public void UnknownKeysAndValuesAreErrorsNamingTheField()
    {
        var ex = Assert.Throws<HrmException>(() => TrainConfig.Parse("""{"batch_size": 4, "model": {"hidden": 64}}""", "p.json"));
        Assert.Contains("p.json", ex.Message);
        Assert.Contains("hidden", ex.Message);
        ex = Assert.Throws<HrmException>(() => TrainConfig.Parse("""{"dtype": "float16"}""", "p.json"));
        Assert.Contains("float16", ex.Message);
        Assert.Contains("bfloat16", ex.Message); // lists the allowed names
        ex = Assert.Throws<HrmException>(() => TrainConfig.Parse("""{"optimizer": {"name": "sgd"}, "steps": 1}""", "p.json").Validate());
        Assert.Contains("optimizer.name: unknown optimiser 'sgd'", ex.Message);
    }

    [Fact]
    public void ValidationListsEveryProblem()
    {
        var config = TinyRuns.Synthetic() with
        {
            Steps = 0, Minutes = 0, BatchSize = 0, Streams = 3,
            Model = TinyRuns.Synthetic().Model with { HiddenSize = 33 },
            Optimizer = new OptimizerConfig { LrMinRatio = 0.1, Beta1 = 1.0 },
        };
        var problems = config.Problems();
        Assert.Contains(problems, p => p.StartsWith("batch_size must be at least 1", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("set a budget", StringComparison.Ordinal));
        Assert.Contains("streams must be 0 (auto), 1 or 2, got 3", problems);
        Assert.Contains(problems, p => p.Contains("lr_min_ratio 0.1 decays the rate over the budget: set steps or minutes", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("optimizer.beta1", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("model.hidden_size 33 must be a multiple of num_heads 2", StringComparison.Ordinal));
    }

    [Fact]
    public void GeneratedTaskMixingIsRefusedForPuzzleIdentifierTraining()
    {
        var config = TinyRuns.Synthetic() with { Data = new DataConfig { Kind = DataKind.Arc, Path = "arc", SyntheticRatio = 0.5 } };
        Assert.Contains(config.Problems(), p => p.StartsWith("data.synthetic_ratio mixes generated tasks into in-context training", StringComparison.Ordinal));
        var inContext = config with { Data = config.Data with { Conditioning = Conditioning.Context } };
        Assert.DoesNotContain(inContext.Problems(), p => p.StartsWith("data.synthetic_ratio", StringComparison.Ordinal));
    }

    [Fact]
    public void SetOverridesFieldsByDottedPathWithTypes()
    {
        var config = ConfigOverrides.Apply(TinyRuns.Synthetic(), [
            "model.hidden_size=64", "batch_size=16", "optimizer.lr=3e-4", "ema.enabled=true", "dtype=bfloat16",
            "data.kind=sudoku", "data.path=puzzles.csv", "model.core=trm", "minutes=2.5", "model.pos_encodings=none",
        ]);
        Assert.Equal(64, config.Model.HiddenSize);
        Assert.Equal(16, config.BatchSize);
        Assert.Equal(3e-4, config.Optimizer.Lr);
        Assert.True(config.Ema.Enabled);
        Assert.Equal(DTypeChoice.Bfloat16, config.DType);
        Assert.Equal((DataKind.Sudoku, "puzzles.csv"), (config.Data.Kind, config.Data.Path));
        Assert.Equal(CoreKind.Trm, config.Model.Core);
        Assert.Equal(2.5, config.Minutes);
        Assert.Equal(PosEncoding.None, config.Model.PosEncodings); // "none" is an enum value, not null
        Assert.Null(ConfigOverrides.Apply(config, ["data.path=null"]).Data.Path);
        // Untouched fields keep their values.
        Assert.Equal(TinyRuns.Synthetic().Model.LLayers, config.Model.LLayers);
    }

    [Theory]
    [InlineData("model.hiden_size=64",
        "unknown key 'hiden_size' in model (known: core, conditioning, abs_features, abs_features_init, abs_features_lr_scale, abs_features_tables, hidden_size")]
    [InlineData("bach_size=4", "unknown key 'bach_size' (known: name, data, model")]
    [InlineData("batch_size=four", "--set batch_size=four: expected an integer")]
    [InlineData("optimizer.lr=fast", "--set optimizer.lr=fast: expected a number")]
    [InlineData("ema.enabled=yes", "--set ema.enabled=yes: expected true or false")]
    [InlineData("model=3", "'model' is a section; set one of its keys")]
    [InlineData("batch_size.x=3", "'batch_size' is a value, not a section")]
    [InlineData("batch_size", "expected key=value")]
    [InlineData("dtype=fp8", "unknown value 'fp8' (expected one of auto, float32, bfloat16)")]
    [InlineData("batch_size=null", "this field needs a value")]
    public void BadOverridesSayWhatIsWrong(string assignment, string message)
    {
        var ex = Assert.Throws<HrmException>(() => ConfigOverrides.Apply(TinyRuns.Synthetic(), [assignment]));
        Assert.Contains(message, ex.Message);
    }

    [Fact]
    public void StructuralDifferencesBlockResumeButBudgetsDoNot()
    {
        var a = TinyRuns.Synthetic();
        Assert.Empty(ConfigDiff.Structural(a, a with { Steps = 99, Minutes = 3, EvalInterval = 5, Threads = 2 }));
        var diffs = ConfigDiff.Structural(a, a with { BatchSize = 4, Model = a.Model with { HiddenSize = 64 } });
        Assert.Equal(2, diffs.Count);
        Assert.Contains(diffs, d => d == "batch_size is 8 in the checkpoint but 4 in this run");
        Assert.Contains(diffs, d => d == "model.hidden_size is 32 in the checkpoint but 64 in this run");
    }

    [Fact]
    public void AutoDtypeIsFloat32WithoutFastBf16AndTheModelFollowsIt()
    {
        var expected = HrmSharp.Runtime.CpuFeatures.HasFastBf16 ? ForwardDType.Bfloat16 : ForwardDType.Float32;
        Assert.Equal(expected, DeviceSetup.Resolve(DTypeChoice.Auto, DeviceKind.Cpu));
        Assert.Equal(ForwardDType.Bfloat16, DeviceSetup.Resolve(DTypeChoice.Auto, DeviceKind.Cuda));
        Assert.Equal(ForwardDType.Bfloat16, DeviceSetup.Resolve(DTypeChoice.Bfloat16, DeviceKind.Cpu));

        var data = HrmSharp.Training.Data.DataFactory.Create(TinyRuns.Synthetic().Data).Train;
        var effective = Trainer.Effective(TinyRuns.Synthetic() with { DType = DTypeChoice.Auto }, data);
        Assert.Equal(expected, effective.Model.ForwardDtype);
        Assert.Equal(DeviceSetup.ToChoice(expected), effective.DType);
        Assert.Equal((6, 12, 1), (effective.Model.VocabSize, effective.Model.SeqLen, effective.Model.NumPuzzleIdentifiers));
    }
}
