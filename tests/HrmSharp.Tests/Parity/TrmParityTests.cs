using HrmSharp.Modeling;
using Xunit.Abstractions;

namespace HrmSharp.Tests.Parity;

/// <summary>
/// The TRM core inside the same ACT loop against Fixtures/parity/trm (official SamsungSAILMontreal/TinyRecursiveModels
/// code, fp32, tiny config: one 2-layer network, H_cycles 2 × L_cycles 3, 16 puzzle positions, no_ACT_continue).
/// </summary>
public sealed class TrmParityTests(ITestOutputHelper output) : IDisposable
{
    private readonly ActParityHarness _h = new("trm", CoreKind.Trm);
    private readonly ParityAssert _check = new(output);

    public void Dispose() => _h.Dispose();

    [Fact]
    public void EvalModeMatchesEveryActStep() => ActParityChecks.CompareEvalSteps(_check, _h);

    [Theory]
    [InlineData(LossType.StablemaxCrossEntropy)]
    [InlineData(LossType.SoftmaxCrossEntropy)]
    public void TrainStepMatchesLossMetricsAndGradients(LossType lossType) => ActParityChecks.CompareTrainStep(_check, _h, lossType);

    [Fact]
    public void StateDictHasExactlyTheReferenceNames()
    {
        using var model = new ActModel(_h.Config);
        Assert.Equal(_h.StateDictNames().Order(), ModelWeights.Named(model).Select(kv => kv.Key).Order());
    }
}
