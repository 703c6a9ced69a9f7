using HrmSharp.IO;
using HrmSharp.Modeling;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace HrmSharp.Tests.Parity;

/// <summary>The HRM ACT model against Fixtures/parity/hrm (official sapientinc/HRM code, fp32, tiny config).</summary>
public sealed class HrmParityTests(ITestOutputHelper output) : IDisposable
{
    private readonly ActParityHarness _h = new("hrm", CoreKind.Hrm);
    private readonly ParityAssert _check = new(output);

    public void Dispose() => _h.Dispose();

    [Fact]
    public void EvalModeMatchesEveryActStep() => ActParityChecks.CompareEvalSteps(_check, _h);

    [Theory]
    [InlineData(LossType.StablemaxCrossEntropy)]
    [InlineData(LossType.SoftmaxCrossEntropy)]
    public void TrainStepMatchesLossMetricsTargetAndGradients(LossType lossType) => ActParityChecks.CompareTrainStep(_check, _h, lossType);

    [Fact]
    public void RotaryTablesMatchTheModelBuffers()
    {
        using var model = _h.CreateModel();
        var context = model.Inner.Context();
        _check.Close(_h.Fx["buffer/inner.rotary_emb.cos_cached"], context.Cos!, 1e-5, "inner.rotary_emb.cos_cached");
        _check.Close(_h.Fx["buffer/inner.rotary_emb.sin_cached"], context.Sin!, 1e-5, "inner.rotary_emb.sin_cached");
    }

    [Fact]
    public void StateDictHasExactlyTheReferenceNamesAndShapes()
    {
        using var model = new ActModel(_h.Config);
        var ours = ModelWeights.Named(model);
        Assert.Equal(_h.StateDictNames().Order(), ours.Select(kv => kv.Key).Order());
        foreach (var (name, tensor) in ours)
            Assert.Equal(_h.Fx[$"param/{name}"].shape, tensor.shape);
    }

    [Fact]
    public void ReferenceWeightsRoundTripThroughOurSafetensorsExportBitwise()
    {
        using var model = _h.CreateModel();
        var path = Path.Combine(Path.GetTempPath(), $"hrm-export-{Guid.NewGuid():N}.safetensors");
        try
        {
            ModelWeights.SaveFile(model, path);
            using var file = Safetensors.Read(path);
            Assert.Equal(_h.StateDictNames().Order(), file.Names.Order());
            foreach (var name in file.Names)
            {
                var expected = _h.Fx[$"param/{name}"];
                Assert.Equal(expected.dtype, file[name].dtype);
                Assert.Equal(expected.shape, file[name].shape);
                Assert.True(expected.bytes.SequenceEqual(file[name].bytes), $"{name} differs after the round trip");
            }
            Assert.Equal("pt", file.Metadata["format"]);

            using var reloaded = new ActModel(_h.Config, seed: 99); // different init, then overwritten
            ModelWeights.LoadFile(reloaded, path);
            foreach (var (name, tensor) in ModelWeights.Named(reloaded))
                Assert.True(_h.Fx[$"param/{name}"].bytes.SequenceEqual(tensor.bytes), $"{name} differs after reloading");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void StrictLoadingListsMissingExtraAndMisshapenTensors()
    {
        using var model = new ActModel(_h.Config);
        using var scope = NewDisposeScope();
        var source = _h.Fx.WithPrefix("param/").ToDictionary();
        source.Remove("inner.H_init");
        source["inner.lm_head.weight"] = zeros(13, 64);
        source["inner.extra"] = zeros(1);
        var ex = Assert.Throws<HrmException>(() => ModelWeights.Load(model, source, "ckpt.safetensors"));
        Assert.Equal(
            [
                "ckpt.safetensors: missing tensor 'inner.H_init'",
                "ckpt.safetensors: tensor 'inner.lm_head.weight' has shape [13, 64] but the model expects [12, 64]",
                "ckpt.safetensors: unexpected tensor 'inner.extra' (the model has no such parameter or buffer)",
            ],
            ex.Problems.Order());
    }

    [Fact]
    public void ReferenceCheckpointPrefixesAreAccepted()
    {
        using var model = new ActModel(_h.Config);
        var source = _h.Fx.WithPrefix("param/").ToDictionary(kv => "_orig_mod.model." + kv.Key, kv => kv.Value);
        ModelWeights.Load(model, source, "reference checkpoint");
        Assert.True(_h.Fx["param/inner.q_head.bias"].bytes.SequenceEqual(ModelWeights.Named(model).Single(kv => kv.Key == "inner.q_head.bias").Value.bytes));
    }
}
