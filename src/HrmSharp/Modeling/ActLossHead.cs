using static TorchSharp.torch;

namespace HrmSharp.Modeling;

/// <summary>
/// Runs one ACT segment and scores it (reference ACTLossHead):
/// loss = lm_loss + 0.5·(q_halt_loss + q_continue_loss), where lm_loss sums over rows the mean token loss over that
/// row's labelled tokens, q_halt_loss = BCE(q_halt, row entirely right) and q_continue_loss = BCE(q_continue, bootstrapped
/// target), both summed. Nothing is divided by the batch size here: the trainer scales by 1/global_batch before backward.
/// </summary>
public sealed class ActLossHead
{
    public ActLossHead(ActModel model, LossType? lossType = null)
    {
        Model = model;
        LossType = lossType ?? model.Config.LossType;
    }

    public ActModel Model { get; }
    public LossType LossType { get; }

    public ActCarry InitialCarry(ActBatch batch) => Model.InitialCarry(batch);

    public ActLossResult Forward(ActCarry carry, ActBatch batch)
    {
        using var minSteps = Model.DrawMinSteps(batch.BatchSize);
        return Forward(carry, batch, minSteps);
    }

    /// <summary>One scored segment with a given exploration floor (see <see cref="ActModel.DrawMinSteps"/>).</summary>
    public ActLossResult Forward(ActCarry carry, ActBatch batch, Tensor? minSteps)
    {
        using var scope = NewDisposeScope();
        var (newCarry, outputs) = Model.Segment(carry, batch, minSteps);
        var labels = newCarry.CurrentData.Labels;

        Tensor preds, seqIsCorrect, divisor, count, accuracy, exactAccuracy, qHaltAccuracy, steps;
        using (no_grad())
        {
            var mask = labels.ne(ActBatch.IgnoreLabel);               // [B, S]
            var counts = mask.sum([-1L]);                             // [B] int64
            divisor = counts.clamp_min(1).unsqueeze(-1);              // [B, 1]
            preds = outputs.Logits.argmax(-1);                        // [B, S] int64
            var isCorrect = mask.logical_and(preds.eq(labels));
            seqIsCorrect = isCorrect.sum([-1L]).eq(counts);           // [B]

            // Metrics count rows that finished in this segment (and have labels).
            var valid = newCarry.Halted.logical_and(counts > 0);
            var tokenAccuracy = (isCorrect.to(ScalarType.Float32) / divisor).sum([-1L]);
            count = valid.sum();
            accuracy = where(valid, tokenAccuracy, zeros_like(tokenAccuracy)).sum();
            exactAccuracy = valid.logical_and(seqIsCorrect).sum();
            qHaltAccuracy = valid.logical_and((outputs.QHaltLogits >= 0).eq(seqIsCorrect)).sum();
            steps = where(valid, newCarry.Steps, zeros_like(newCarry.Steps)).sum();
        }

        var lmLoss = (Losses.TokenCrossEntropy(LossType, outputs.Logits, labels) / divisor).sum();
        var qHaltLoss = nn.functional.binary_cross_entropy_with_logits(
            outputs.QHaltLogits, seqIsCorrect.to(outputs.QHaltLogits.dtype), reduction: nn.Reduction.Sum);
        Tensor? qContinueLoss = outputs.TargetQContinue is null
            ? null
            : nn.functional.binary_cross_entropy_with_logits(outputs.QContinueLogits, outputs.TargetQContinue, reduction: nn.Reduction.Sum);
        var loss = lmLoss + 0.5 * (qContinueLoss is null ? qHaltLoss : qHaltLoss + qContinueLoss);

        var metrics = new ActMetrics(count, accuracy, exactAccuracy, qHaltAccuracy, steps,
            lmLoss.detach(), qHaltLoss.detach(), qContinueLoss?.detach());
        bool allFinish = newCarry.Halted.all().item<bool>();
        var result = new ActLossResult(newCarry, loss, metrics, outputs, preds, allFinish);
        scope.MoveToOuter(result.Tensors());
        return result;
    }
}

/// <summary>One scored segment: the next carry, the loss to backpropagate, metrics, outputs and argmax predictions [B, S].</summary>
public sealed record ActLossResult(ActCarry Carry, Tensor Loss, ActMetrics Metrics, ActOutputs Outputs, Tensor Preds, bool AllFinish) : IDisposable
{
    public IEnumerable<Tensor> Tensors() => [.. Carry.Tensors(), Loss, .. Metrics.Tensors(), .. Outputs.Tensors(), Preds];

    /// <summary>Disposes everything but the carry, which lives on into the next segment.</summary>
    public void DisposeExceptCarry()
    {
        Loss.Dispose();
        Metrics.Dispose();
        Outputs.Dispose();
        Preds.Dispose();
    }

    public void Dispose()
    {
        DisposeExceptCarry();
        Carry.Dispose();
    }
}
