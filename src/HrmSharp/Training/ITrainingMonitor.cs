namespace HrmSharp.Training;

/// <summary>What a run reports while it goes (the CLI turns it into a progress bar and log lines).</summary>
public interface ITrainingMonitor
{
    void Info(string line);

    /// <summary>After every optimiser step; <paramref name="fraction"/> of the step or time budget used so far, in [0, 1].</summary>
    void Step(StepMetrics metrics, double fraction);

    void Evaluated(long step, EvalResult result);

    void Checkpointed(string folder);
}

/// <summary>A monitor that ignores everything.</summary>
public sealed class NullTrainingMonitor : ITrainingMonitor
{
    public static NullTrainingMonitor Instance { get; } = new();
    public void Info(string line) { }
    public void Step(StepMetrics metrics, double fraction) { }
    public void Evaluated(long step, EvalResult result) { }
    public void Checkpointed(string folder) { }
}
