using HrmSharp.Data;
using HrmSharp.Encoding.Context;
using HrmSharp.Modeling;

namespace HrmSharp.Tests.Training;

/// <summary>Tiny in-context models and trivially learnable tasks for the test-time training tests.</summary>
internal static class TttTasks
{
    /// <summary>A 32-wide in-context HRM with two layers per level (so "last" differs from "all"), fp32.</summary>
    public static ModelConfig Model(Conditioning conditioning = Conditioning.Context) => new()
    {
        Conditioning = conditioning, PosEncodings = conditioning == Conditioning.Context ? PosEncoding.Rope2d : PosEncoding.Rope,
        AbsFeatures = conditioning == Conditioning.Context,
        HiddenSize = 32, NumHeads = 2, HLayers = 2, LLayers = 2, HCycles = 1, LCycles = 1, HaltMaxSteps = 2,
        HaltExplorationProb = 0.5, VocabSize = ContextVocabulary.Size, SeqLen = conditioning == Conditioning.Context ? 2048 : 16,
        PuzzleEmbNdim = conditioning == Conditioning.Context ? 0 : 32, NumPuzzleIdentifiers = conditioning == Conditioning.Context ? 1 : 4,
        ForwardDtype = ForwardDType.Float32,
    };

    /// <summary>Colour map c → (c + shift) mod 10 on random small grids: the output is a function of the input the demos show.</summary>
    public static ArcTask ColourMap(string id, int seed, int demos = 3, int shift = 1, bool testOutputs = true)
    {
        var rng = new Random(seed);
        Pair P()
        {
            var g = Grid.Create(rng.Next(2, 5), rng.Next(2, 5), (_, _) => rng.Next(10));
            return new Pair(g, Grid.Create(g.Rows, g.Cols, (r, c) => (g[r, c] + shift) % 10));
        }
        var train = Enumerable.Range(0, demos).Select(_ => P()).ToList();
        var test = P();
        return new ArcTask(id, train, [testOutputs ? test : new Pair(test.Input, null)]);
    }
}
