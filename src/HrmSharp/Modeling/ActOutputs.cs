using static TorchSharp.torch;

namespace HrmSharp.Modeling;

/// <summary>What one ACT segment predicts.</summary>
/// <param name="Logits">[B, S, V] token logits (puzzle positions dropped), compute dtype.</param>
/// <param name="QHaltLogits">[B] fp32.</param>
/// <param name="QContinueLogits">[B] fp32.</param>
/// <param name="TargetQContinue">[B] fp32 bootstrapped target for q_continue; only in training with the continue head (HRM).</param>
public sealed record ActOutputs(Tensor Logits, Tensor QHaltLogits, Tensor QContinueLogits, Tensor? TargetQContinue) : IDisposable
{
    public IEnumerable<Tensor> Tensors() => TargetQContinue is null
        ? [Logits, QHaltLogits, QContinueLogits]
        : [Logits, QHaltLogits, QContinueLogits, TargetQContinue];

    public void Dispose()
    {
        foreach (var t in Tensors())
            t.Dispose();
    }
}

/// <summary>The result of <see cref="ActModel"/>'s forward: the next carry and this segment's outputs.</summary>
public sealed record ActStep(ActCarry Carry, ActOutputs Outputs);
