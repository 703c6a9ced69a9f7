using HrmSharp.Modeling;
using static TorchSharp.torch;

namespace HrmSharp.Tests.Parity;

/// <summary>Compares one scored ACT segment with the fixture tensors under a prefix such as "eval/step1" or "train/softmax".</summary>
public static class ActParityChecks
{
    public static void CompareSegment(ParityAssert check, ActParityHarness h, string prefix, ActLossResult r)
    {
        var fx = h.Fx;
        check.Close(fx[$"{prefix}/logits"], r.Outputs.Logits, h.Atol("logits"), $"{prefix}/logits");
        check.Close(fx[$"{prefix}/q_halt_logits"], r.Outputs.QHaltLogits, h.Atol("q_halt_logits"), $"{prefix}/q_halt_logits");
        check.Close(fx[$"{prefix}/q_continue_logits"], r.Outputs.QContinueLogits, h.Atol("q_continue_logits"), $"{prefix}/q_continue_logits");
        check.Close(fx[$"{prefix}/z_H"], r.Carry.ZH, h.Atol("z_H"), $"{prefix}/z_H");
        check.Close(fx[$"{prefix}/z_L"], r.Carry.ZL, h.Atol("z_L"), $"{prefix}/z_L");
        check.Equal(fx[$"{prefix}/halted"], r.Carry.Halted, $"{prefix}/halted");
        check.Equal(fx[$"{prefix}/steps"], r.Carry.Steps, $"{prefix}/steps");
        Assert.Equal(fx[$"{prefix}/all_finish"].item<bool>(), r.AllFinish);
        Assert.Equal(ScalarType.Int32, r.Carry.Steps.dtype);

        // Total loss: float64 with stablemax (its token loss is float64), float32 with softmax.
        Assert.Equal(fx[$"{prefix}/loss"].dtype, r.Loss.dtype);
        check.Close(fx[$"{prefix}/loss"], r.Loss, h.Atol("loss"), $"{prefix}/loss");

        if (fx.Contains($"{prefix}/preds"))
            check.Equal(fx[$"{prefix}/preds"], r.Preds, $"{prefix}/preds");
        Assert.Equal(fx.Contains($"{prefix}/target_q_continue"), r.Outputs.TargetQContinue is not null);
        if (r.Outputs.TargetQContinue is not null)
            check.Close(fx[$"{prefix}/target_q_continue"], r.Outputs.TargetQContinue, h.Atol("target_q_continue"), $"{prefix}/target_q_continue");

        // Exactly the reference's metric set (q_continue_loss only when a continue target was trained), same dtypes.
        var expected = fx.WithPrefix($"{prefix}/metrics/");
        var ours = r.Metrics.Named().ToDictionary(m => m.Name, m => m.Value);
        Assert.Equal(expected.Keys.Order(), ours.Keys.Order());
        foreach (var (name, value) in expected)
        {
            Assert.True(value.dtype == ours[name].dtype, $"{prefix}/metrics/{name}: dtype {ours[name].dtype}, fixture {value.dtype}");
            if (value.is_floating_point())
                check.Close(value, ours[name], h.Atol("metrics"), $"{prefix}/metrics/{name}");
            else
                check.Equal(value, ours[name], $"{prefix}/metrics/{name}");
        }
    }

    /// <summary>
    /// Evaluation: ACTLossHead (stablemax) called halt_max_steps times from a fresh carry, every output and carry compared.
    /// </summary>
    public static void CompareEvalSteps(ParityAssert check, ActParityHarness h, ActModel? loaded = null)
    {
        using var scope = NewDisposeScope();
        using var model = loaded ?? h.CreateModel();
        model.eval();
        var head = new ActLossHead(model, LossType.StablemaxCrossEntropy);
        var carry = head.InitialCarry(h.Batch);
        using var _ = no_grad();
        for (int step = 0; step < h.Config.HaltMaxSteps; step++)
        {
            var r = head.Forward(carry, h.Batch);
            CompareSegment(check, h, $"eval/step{step}", r);
            carry = r.Carry;
        }
    }

    /// <summary>
    /// Training: one ACTLossHead forward from a fresh carry, then loss.backward(); outputs, carry, loss, metrics, gradients
    /// of the outputs and of every stored parameter (incl. the puzzle embedding's local rows) compared.
    /// </summary>
    public static void CompareTrainStep(ParityAssert check, ActParityHarness h, LossType lossType)
    {
        var prefix = lossType == LossType.StablemaxCrossEntropy ? "train/stablemax" : "train/softmax";
        using var scope = NewDisposeScope();
        using var model = h.CreateModel();
        model.train();
        var head = new ActLossHead(model, lossType);
        var carry = head.InitialCarry(h.Batch);
        var r = head.Forward(carry, h.Batch);
        r.Outputs.Logits.retain_grad();
        r.Outputs.QHaltLogits.retain_grad();
        r.Outputs.QContinueLogits.retain_grad();
        r.Loss.backward();

        CompareSegment(check, h, prefix, r);

        check.Close(h.Fx[$"{prefix}/grad_of_output/logits"], r.Outputs.Logits.grad!, h.Atol("grad_of_output"), $"{prefix}/grad_of_output/logits");
        // [B, 2]: halt, continue. Without a continue target (TRM) nothing reaches q_continue: its gradient is zero.
        var qGrad = stack([r.Outputs.QHaltLogits.grad!, r.Outputs.QContinueLogits.grad ?? zeros_like(r.Outputs.QContinueLogits)], 1);
        check.Close(h.Fx[$"{prefix}/grad_of_output/q_logits"], qGrad, h.Atol("grad_of_output"), $"{prefix}/grad_of_output/q_logits");

        var grads = model.named_parameters().ToDictionary(p => p.name, p => p.parameter.grad);
        grads["inner.puzzle_emb.local_weights"] = model.PuzzleEmbedding!.LocalWeights!.grad;
        var expected = h.Fx.WithPrefix($"{prefix}/grad/");
        if (lossType == LossType.StablemaxCrossEntropy)
            Assert.Equal(grads.Keys.Order(), expected.Keys.Order()); // every parameter's gradient is in the fixture
        foreach (var (name, grad) in expected)
        {
            Assert.True(grads.TryGetValue(name, out var ours) && ours is not null, $"no gradient for {name}");
            check.Close(grad, ours!, h.Atol("grad"), $"{prefix}/grad/{name}");
        }
    }
}
