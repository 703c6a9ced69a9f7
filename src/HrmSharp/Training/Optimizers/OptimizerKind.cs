namespace HrmSharp.Training.Optimizers;

/// <summary>The dense optimiser for the model's parameters (puzzle embeddings always use <see cref="SparseSignSgd"/>).</summary>
public enum OptimizerKind
{
    /// <summary>imbue-ai's Adam-atan2, the reference's choice.</summary>
    AdamATan2,

    /// <summary>TorchSharp's built-in AdamW (decoupled weight decay, ε = <see cref="AdamSettings.Epsilon"/>).</summary>
    AdamW,
}
