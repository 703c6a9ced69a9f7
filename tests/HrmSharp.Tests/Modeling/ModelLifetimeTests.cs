using HrmSharp.Encoding.Context;
using HrmSharp.Modeling;
using TorchSharp;

namespace HrmSharp.Tests.Modeling;

/// <summary>
/// Building and disposing a model frees every tensor it made. TorchSharp 0.107 has two traps here: Module.Dispose skips
/// non-persistent buffers (the rotary tables) and zero_() returns a second handle that outlives the call.
/// </summary>
public sealed class ModelLifetimeTests
{
    public static TheoryData<CoreKind, Conditioning, bool> Variants() => new()
    {
        { CoreKind.Hrm, Conditioning.PuzzleId, false },
        { CoreKind.Trm, Conditioning.PuzzleId, false },
        { CoreKind.Transformer, Conditioning.PuzzleId, false },
        { CoreKind.Hrm, Conditioning.Context, false },
        { CoreKind.Hrm, Conditioning.Context, true }, // pre-norm gains, scaled output init, scaled initial states
    };

    [Theory]
    [MemberData(nameof(Variants))]
    public void ADisposedModelLeavesNoLiveTensor(CoreKind core, Conditioning conditioning, bool recipe)
    {
        bool context = conditioning == Conditioning.Context;
        var config = new ModelConfig
        {
            Core = core, Conditioning = conditioning, PosEncodings = context ? PosEncoding.Rope2d : PosEncoding.Rope,
            AbsFeatures = context, AbsFeaturesInit = AbsFeaturesInit.Zero,
            HiddenSize = 32, NumHeads = 2, HLayers = 1, LLayers = 1, HCycles = 1, LCycles = 1, HaltMaxSteps = 2,
            VocabSize = context ? ContextVocabulary.Size : 12, SeqLen = context ? 64 : 8,
            PuzzleEmbNdim = context ? 0 : 32, NumPuzzleIdentifiers = context ? 1 : 4, ForwardDtype = ForwardDType.Float32,
            Norm = recipe ? NormPlacement.Pre : NormPlacement.Post, ScaledResidualInit = recipe, StateInitScale = recipe ? 0.5 : 1,
        };
        long before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        using (new ActModel(config, seed: 1)) { }
        Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }
}
