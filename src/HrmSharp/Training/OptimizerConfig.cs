using System.Text.Json.Serialization;
using HrmSharp.Training.Optimizers;

namespace HrmSharp.Training;

/// <summary>
/// The two optimisers and their shared schedule (reference pretrain.py names). The dense one (AdamATan2 by default)
/// trains every parameter; the puzzle-embedding table is trained by sparse sign-SGD on the batch's rows. Both rates
/// follow the same warm-up + cosine shape, each scaling its own base rate.
/// </summary>
public sealed record OptimizerConfig
{
    public const string AdamAtan2Name = "adam_atan2";
    public const string AdamWName = "adamw";

    /// <summary>adam_atan2 (the reference's) or adamw.</summary>
    public string Name { get; init; } = AdamAtan2Name;

    /// <summary>Peak learning rate (after warm-up).</summary>
    public double Lr { get; init; } = 1e-4;
    /// <summary>Adam's first-moment decay.</summary>
    public double Beta1 { get; init; } = 0.9;
    /// <summary>Adam's second-moment decay (0.95, as the reference: steadier than 0.999 with large batches).</summary>
    public double Beta2 { get; init; } = 0.95;
    /// <summary>Decoupled weight decay (see <see cref="DecayMatricesOnly"/> for which parameters).</summary>
    public double WeightDecay { get; init; } = 0.1;

    /// <summary>Linear warm-up from 0 (HRM on ARC: 2000).</summary>
    public long WarmupSteps { get; init; } = 2000;

    /// <summary>Cosine floor as a fraction of the base rate; 1 = constant after warm-up (the reference default). Below 1 the
    /// cosine spans the step budget, or, with only a minutes budget, the wall-clock budget (then the rate at a step depends
    /// on the machine's speed, so a run is reproducible only with a step budget).</summary>
    public double LrMinRatio { get; init; } = 1.0;

    /// <summary>Clip the global gradient norm to this before each step (0 = off, the reference's). Guards the first
    /// steps of a from-scratch run, where a few large gradients can throw the weights into a constant-answer basin.</summary>
    public double GradClip { get; init; }

    /// <summary>Apply weight decay to weight matrices only, not to embedding tables, norm gains or biases (nanoGPT's groups).
    /// false (the reference's): every parameter decays; decaying the token and grid embeddings shrinks what tells cells apart.</summary>
    public bool DecayMatricesOnly { get; init; }

    /// <summary>Rate of the sparse sign-SGD on puzzle-embedding rows (each row is seen rarely, so it moves faster).</summary>
    public double PuzzleEmbLr { get; init; } = 1e-2;
    /// <summary>Weight decay of the puzzle-embedding rows.</summary>
    public double PuzzleEmbWeightDecay { get; init; } = 0.1;

    [JsonIgnore]
    public OptimizerKind Kind => Name switch
    {
        AdamAtan2Name => OptimizerKind.AdamATan2,
        AdamWName => OptimizerKind.AdamW,
        _ => throw new HrmException($"optimizer.name: unknown optimiser '{Name}' (expected {AdamAtan2Name} or {AdamWName})"),
    };

    [JsonIgnore]
    public AdamSettings Settings => new(Lr, Beta1, Beta2, WeightDecay);

    public IEnumerable<string> Problems()
    {
        if (Name is not (AdamAtan2Name or AdamWName))
            yield return $"optimizer.name: unknown optimiser '{Name}' (expected {AdamAtan2Name} or {AdamWName})";
        if (!(Lr >= 0)) yield return $"optimizer.lr must not be negative, got {Lr}";
        if (!(Beta1 is >= 0 and < 1)) yield return $"optimizer.beta1 must be in [0, 1), got {Beta1}";
        if (!(Beta2 is >= 0 and < 1)) yield return $"optimizer.beta2 must be in [0, 1), got {Beta2}";
        if (!(WeightDecay >= 0)) yield return $"optimizer.weight_decay must not be negative, got {WeightDecay}";
        if (WarmupSteps < 0) yield return $"optimizer.warmup_steps must not be negative, got {WarmupSteps}";
        if (!(LrMinRatio is >= 0 and <= 1)) yield return $"optimizer.lr_min_ratio must be in [0, 1], got {LrMinRatio}";
        if (!(GradClip >= 0)) yield return $"optimizer.grad_clip must be positive (or 0 = off), got {GradClip}";
        if (!(PuzzleEmbLr >= 0)) yield return $"optimizer.puzzle_emb_lr must not be negative, got {PuzzleEmbLr}";
        if (!(PuzzleEmbWeightDecay >= 0)) yield return $"optimizer.puzzle_emb_weight_decay must not be negative, got {PuzzleEmbWeightDecay}";
    }
}
