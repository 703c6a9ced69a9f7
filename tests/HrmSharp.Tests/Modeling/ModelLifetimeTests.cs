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
    public static TheoryData<CoreKind, Conditioning> Variants() => new()
    {
        { CoreKind.Hrm, Conditioning.PuzzleId },
        { CoreKind.Trm, Conditioning.PuzzleId },
        { CoreKind.Transformer, Conditioning.PuzzleId },
        { CoreKind.Hrm, Conditioning.Context },
    };

    [Theory]
    [MemberData(nameof(Variants))]
    public void ADisposedModelLeavesNoLiveTensor(CoreKind core, Conditioning conditioning)
    {
        bool context = conditioning == Conditioning.Context;
        var config = new ModelConfig
        {
            Core = core, Conditioning = conditioning, PosEncodings = context ? PosEncoding.Rope2d : PosEncoding.Rope,
            AbsFeatures = context, AbsFeaturesInit = AbsFeaturesInit.Zero,
            HiddenSize = 32, NumHeads = 2, HLayers = 1, LLayers = 1, HCycles = 1, LCycles = 1, HaltMaxSteps = 2,
            VocabSize = context ? ContextVocabulary.Size : 12, SeqLen = context ? 64 : 8,
            PuzzleEmbNdim = context ? 0 : 32, NumPuzzleIdentifiers = context ? 1 : 4, ForwardDtype = ForwardDType.Float32,
        };
        long before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        using (new ActModel(config, seed: 1)) { }
        Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }
}
