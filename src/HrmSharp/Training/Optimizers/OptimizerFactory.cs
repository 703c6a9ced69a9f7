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

    /// <summary>
    /// The dense optimiser over a model's parameters: one group, or with <paramref name="decayMatricesOnly"/> two, the
    /// second (embedding tables, norm gains, biases: anything 1-D or named *embedding_weight) without weight decay.
    /// </summary>
    public static OptimizerHelper Create(OptimizerKind kind, IEnumerable<(string Name, Parameter Parameter)> parameters, AdamSettings settings,
                                         bool decayMatricesOnly)
    {
        var all = parameters.ToList();
        if (!decayMatricesOnly)
            return Create(kind, all.Select(p => p.Parameter), settings);
        static bool Decays((string Name, Parameter Parameter) p) => p.Parameter.dim() >= 2 && !p.Name.EndsWith("embedding_weight", StringComparison.Ordinal);
        var decay = all.Where(Decays).Select(p => p.Parameter).ToList();
        var rest = all.Where(p => !Decays(p)).Select(p => p.Parameter).ToList();
        return kind switch
        {
            OptimizerKind.AdamATan2 => new AdamATan2(
                [new AdamATan2.ParamGroup(decay, settings.LearningRate, weightDecay: settings.WeightDecay),
                 new AdamATan2.ParamGroup(rest, settings.LearningRate, weightDecay: 0)],
                settings.LearningRate, settings.Beta1, settings.Beta2, settings.WeightDecay),
            OptimizerKind.AdamW => optim.AdamW(
                [new AdamW.ParamGroup(decay, settings.LearningRate, settings.Beta1, settings.Beta2, settings.Epsilon, settings.WeightDecay),
                 new AdamW.ParamGroup(rest, settings.LearningRate, settings.Beta1, settings.Beta2, settings.Epsilon, 0)],
                settings.LearningRate, settings.Beta1, settings.Beta2, settings.Epsilon, settings.WeightDecay),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown optimiser kind"),
        };
    }

    /// <summary>Sets the learning rate of every group (the schedule's value for this step).</summary>
    public static void SetLearningRate(this optim.Optimizer optimizer, double lr)
    {
        foreach (var group in optimizer.ParamGroups)
            group.LearningRate = lr;
    }
}
