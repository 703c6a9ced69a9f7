using HrmSharp.Encoding.Context;
using HrmSharp.Modeling;

namespace HrmSharp.Tests.Modeling;

/// <summary>
/// Model configs small enough for unit tests, fp32 and without halting exploration; a test states what it studies with
/// <c>with { ... }</c>, so the differences between tests are the lines they write.
/// </summary>
internal static class TinyModels
{
    /// <summary>A 32-wide puzzle-identifier model, one H and one L layer, cycles 2/2, 2 segments, on 8-token sequences of
    /// a 12-token vocabulary with 4 puzzle identifiers.</summary>
    public static ModelConfig PuzzleId(CoreKind core = CoreKind.Hrm) => new()
    {
        Core = core, HiddenSize = 32, NumHeads = 2, HLayers = 1, LLayers = 1, HCycles = 2, LCycles = 2,
        HaltMaxSteps = 2, HaltExplorationProb = 0, VocabSize = 12, SeqLen = 8, PuzzleEmbNdim = 32,
        NumPuzzleIdentifiers = 4, ForwardDtype = ForwardDType.Float32,
    };

    /// <summary>A 32-wide in-context model, one H and one L layer, cycles 1/1, one segment, sequences up to <paramref name="seqLen"/> tokens.</summary>
    public static ModelConfig InContext(PosEncoding pos = PosEncoding.Rope2d, int seqLen = 2048) => new()
    {
        Conditioning = Conditioning.Context, PosEncodings = pos, HiddenSize = 32, NumHeads = 2, HLayers = 1, LLayers = 1,
        HCycles = 1, LCycles = 1, HaltMaxSteps = 1, HaltExplorationProb = 0, VocabSize = ContextVocabulary.Size,
        SeqLen = seqLen, PuzzleEmbNdim = 0, ForwardDtype = ForwardDType.Float32,
    };
}
