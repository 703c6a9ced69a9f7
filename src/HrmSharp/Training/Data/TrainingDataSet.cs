namespace HrmSharp.Training.Data;

/// <summary>What a run trains and evaluates on.</summary>
/// <param name="Train">The training batches.</param>
/// <param name="Eval">Held-out examples, or null when the config asks for none.</param>
public sealed record TrainingDataSet(ITrainingData Train, IEvaluationSet? Eval);
