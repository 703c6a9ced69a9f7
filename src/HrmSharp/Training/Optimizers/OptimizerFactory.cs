using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HrmSharp.Training.Optimizers;

/// <summary>
/// Builds the dense optimiser from our settings. Both kinds derive from TorchSharp's <see cref="OptimizerHelper"/>,
/// so the trainer sets each group's rate through <c>ParamGroups</c> and checkpoints with
/// <c>save_state_dict(BinaryWriter)</c> / <c>load_state_dict(BinaryReader)</c> (step counts and moments included).
/// </summary>
public static class OptimizerFactory
{
    public static OptimizerHelper Create(OptimizerKind kind, IEnumerable<Parameter> parameters, AdamSettings settings) => kind switch
    {
        OptimizerKind.AdamATan2 => new AdamATan2(parameters, settings.LearningRate, settings.Beta1, settings.Beta2, settings.WeightDecay),
        OptimizerKind.AdamW => optim.AdamW(parameters, settings.LearningRate, settings.Beta1, settings.Beta2, settings.Epsilon, settings.WeightDecay),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown optimiser kind"),
    };

    /// <summary>Sets the learning rate of every group (the schedule's value for this step).</summary>
    public static void SetLearningRate(this optim.Optimizer optimizer, double lr)
    {
        foreach (var group in optimizer.ParamGroups)
            group.LearningRate = lr;
    }
}
