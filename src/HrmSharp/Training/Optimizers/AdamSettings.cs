namespace HrmSharp.Training.Optimizers;

/// <summary>
/// Hyper-parameters of the dense optimiser (AdamATan2 or AdamW). HRM's ARC run uses lr 1e-4, betas (0.9, 0.95),
/// weight decay 0.1; presets supply them, so nothing here has a default except AdamW's ε (PyTorch's, 1e-8;
/// AdamATan2 has no ε). <see cref="LearningRate"/> is the base rate the schedule scales.
/// </summary>
public sealed record AdamSettings(double LearningRate, double Beta1, double Beta2, double WeightDecay, double Epsilon = 1e-8);
