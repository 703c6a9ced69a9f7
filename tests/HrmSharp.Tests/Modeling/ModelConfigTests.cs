using HrmSharp.Modeling;

namespace HrmSharp.Tests.Modeling;

public sealed class ModelConfigTests
{
    [Fact]
    public void JsonRoundTripKeepsEveryValueUnderReferenceNames()
    {
        var config = new ModelConfig
        {
            Core = CoreKind.Trm, HiddenSize = 256, NumHeads = 4, Expansion = 2.5, HLayers = 0, LLayers = 2, HCycles = 3, LCycles = 6,
            HaltMaxSteps = 8, HaltExplorationProb = 0.2, NoActContinue = true, PosEncodings = PosEncoding.Learned, RopeTheta = 500,
            RmsNormEps = 1e-6, VocabSize = 11, SeqLen = 81, PuzzleEmbNdim = 256, NumPuzzleIdentifiers = 1000, PuzzleEmbLen = 16,
            ForwardDtype = ForwardDType.Float32, LossType = LossType.SoftmaxCrossEntropy, MlpT = true,
        };
        var json = config.ToJson();
        foreach (var key in new[] { "\"H_layers\"", "\"L_cycles\"", "\"no_ACT_continue\"", "\"puzzle_emb_len\"", "\"mlp_t\"" })
            Assert.Contains(key, json);
        Assert.Contains("\"softmax_cross_entropy\"", json);
        Assert.Contains("\"learned\"", json);
        Assert.Equal(config, ModelConfig.FromJson(json));
    }

    [Fact]
    public void AReferenceHrmArchConfigReads()
    {
        // config/arch/hrm_v1.yaml of sapientinc/HRM, as JSON (its loss block aside).
        var config = ModelConfig.FromJson("""
            { "halt_exploration_prob": 0.1, "halt_max_steps": 16, "H_cycles": 2, "L_cycles": 2, "H_layers": 4, "L_layers": 4,
              "hidden_size": 512, "num_heads": 8, "expansion": 4, "puzzle_emb_ndim": 512, "pos_encodings": "rope" }
            """);
        Assert.Equal(new ModelConfig(), config); // our defaults are that config
        Assert.Equal(1, config.PuzzleTokens);
        Assert.Equal(901, config.TotalSeqLen);
    }

    [Fact]
    public void UnknownKeyIsAnError()
    {
        var ex = Assert.Throws<HrmException>(() => ModelConfig.FromJson("""{ "hidden_size": 64, "hiden_layers": 2 }""", "arch.json"));
        Assert.StartsWith("arch.json", ex.Message);
        Assert.Contains("hiden_layers", ex.Message);
    }

    [Fact]
    public void UnknownOptionValueNamesTheAllowedOnes()
    {
        var ex = Assert.Throws<HrmException>(() => ModelConfig.FromJson("""{ "loss_type": "focal" }""", "arch.json"));
        Assert.Equal("arch.json at loss_type: unknown value 'focal' (expected one of stablemax_cross_entropy, softmax_cross_entropy)", ex.Message);
        ex = Assert.Throws<HrmException>(() => ModelConfig.FromJson("""{ "forward_dtype": "float16" }""", "arch.json"));
        Assert.Contains("expected one of float32, bfloat16", ex.Message);
    }

    [Fact]
    public void InvalidValuesAreAllListed()
    {
        var ex = Assert.Throws<HrmException>(() => ModelConfig.FromJson("""{ "hidden_size": 100, "num_heads": 3, "halt_exploration_prob": 2, "L_cycles": 0 }""", "arch.json"));
        Assert.Equal(
            ["arch.json: hidden_size 100 must be a multiple of num_heads 3",
             "arch.json: L_cycles must be at least 1, got 0",
             "arch.json: halt_exploration_prob must be in [0, 1], got 2"],
            ex.Problems);
    }

    [Theory]
    [InlineData(512, 512, 0, 1)]   // HRM: ceil(ndim / hidden)
    [InlineData(600, 512, 0, 2)]
    [InlineData(512, 512, 16, 16)] // TRM: fixed 16 positions, zero-padded
    [InlineData(0, 512, 16, 0)]    // no puzzle ids (in-context)
    public void PuzzleTokensFollowTheReferenceRules(int ndim, int hidden, int len, int expected) =>
        Assert.Equal(expected, new ModelConfig { PuzzleEmbNdim = ndim, HiddenSize = hidden, PuzzleEmbLen = len }.PuzzleTokens);
}
