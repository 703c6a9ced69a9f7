using HrmSharp.Modeling;
using static TorchSharp.torch;

namespace HrmSharp.Training.Data;

/// <summary>
/// Training data whose batches vary in shape (in-context tasks: each batch has its own length), so the ACT carry cannot
/// outlive a batch. The trainer gives each batch (an episode) halt_max_steps consecutive optimiser steps, one ACT
/// segment each (deep supervision), from a fresh carry; rows that halt early start over on the same example.
/// </summary>
public interface IActBatchSource
{
    /// <summary>The batch of episode <paramref name="episode"/> (0-based), a pure function of it.</summary>
    ActBatch Batch(long episode, Device device);
}

/// <summary>An evaluation set that runs the model itself (in-context solving: variable shapes, its own batching and voting).</summary>
public interface ISelfEvaluatingSet
{
    EvalResult Evaluate(ActModel model, Device device, string? outDir);
}
