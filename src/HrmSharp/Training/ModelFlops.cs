using HrmSharp.Modeling;
using HrmSharp.Modeling.Layers;

namespace HrmSharp.Training;

/// <summary>
/// Matmul FLOPs of the model, counted analytically per sequence (2 per multiply-add; elementwise work, norms and
/// softmax left out, as is usual for "model FLOP/s"). A training step runs one ACT segment: its no-gradient cycles
/// count forward only, its gradient step forward + backward (3× forward), and HRM's bootstrapped Q target adds one
/// more no-gradient segment.
/// </summary>
public static class ModelFlops
{
    /// <summary>One transformer block's forward over L = P+S positions.</summary>
    public static double BlockForward(ModelConfig c)
    {
        double l = c.TotalSeqLen, h = c.HiddenSize;
        double inner = SwiGlu.IntermediateSize(c.HiddenSize, c.Expansion);
        double mlp = 2 * l * h * 2 * inner + 2 * l * inner * h;                  // gate_up + down
        double mixer;
        if (c.MlpT)
        {
            double innerT = SwiGlu.IntermediateSize(c.TotalSeqLen, c.Expansion);
            mixer = 2 * h * l * 2 * innerT + 2 * h * innerT * l;                 // SwiGLU over positions
        }
        else
        {
            mixer = 2 * l * h * 3 * h + 2 * l * h * h + 2 * 2 * l * l * h;        // qkv, o_proj, QKᵀ and AV
        }
        return mixer + mlp;
    }

    /// <summary>(module calls per segment, of which with gradient) × layers, for the core.</summary>
    private static (double All, double WithGrad) BlockCalls(ModelConfig c) => c.Core switch
    {
        CoreKind.Hrm => ((double)c.HCycles * c.LCycles * c.LLayers + c.HCycles * c.HLayers, c.LLayers + c.HLayers),
        CoreKind.Trm => ((double)c.HCycles * (c.LCycles + 1) * c.LLayers, (c.LCycles + 1) * c.LLayers),
        CoreKind.Transformer => (c.HLayers + c.LLayers, c.HLayers + c.LLayers), // one pass per segment, all with gradient
        _ => throw new HrmException($"no FLOP count for core {c.Core}"),
    };

    private static double Head(ModelConfig c) => 2.0 * c.SeqLen * c.HiddenSize * c.VocabSize;

    /// <summary>Forward FLOPs of one segment for one sequence (evaluation).</summary>
    public static double SegmentForward(ModelConfig c) => BlockCalls(c).All * BlockForward(c) + Head(c);

    /// <summary>FLOPs of one training step for one sequence.</summary>
    public static double TrainStep(ModelConfig c)
    {
        var (all, grad) = BlockCalls(c);
        double gradPart = grad * BlockForward(c) + Head(c);
        double forward = SegmentForward(c);
        double target = c.ActHalting && !c.NoActContinue && c.HaltMaxSteps > 1 ? forward : 0;
        return forward + 2 * gradPart + target;
    }
}
