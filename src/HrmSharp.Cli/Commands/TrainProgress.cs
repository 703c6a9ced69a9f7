using System.Diagnostics;
using HrmSharp.Training;

namespace HrmSharp.Cli.Commands;

/// <summary>
/// Shows a run on the console: the progress bar's status (loss, accuracies, mean ACT steps, tokens/s; the bar itself
/// gives the ETA), plus a plain log line every <see cref="LineInterval"/> so redirected output shows progress too.
/// </summary>
public sealed class TrainProgress(IReporter reporter, IProgressSink sink) : ITrainingMonitor
{
    private static readonly TimeSpan LineInterval = TimeSpan.FromSeconds(60);
    private readonly Stopwatch _sinceLine = Stopwatch.StartNew();
    private double _fraction;
    private StepMetrics? _smoothed;

    public void Info(string line) => reporter.Info(line);

    public void Step(StepMetrics m, double fraction)
    {
        // Per-step accuracies are noisy (few sequences finish per step): show a running average.
        _smoothed = _smoothed is null ? m : Blend(_smoothed, m, 0.05);
        var s = _smoothed;
        var status = $"step {m.Step} loss {s.Loss:F3} acc {s.Accuracy:P1} exact {s.ExactAccuracy:P1} steps {s.Steps:F1} {s.TokensPerSecond:F0} tok/s";
        sink.Advance(Math.Max(0, fraction - _fraction), status);
        _fraction = Math.Max(_fraction, fraction);
        if (_sinceLine.Elapsed >= LineInterval)
        {
            reporter.Info($"{m.ElapsedSeconds / 60,5:F1} min  {status}");
            _sinceLine.Restart();
        }
    }

    public void Evaluated(long step, EvalResult result)
    {
        foreach (var warning in result.Warnings) reporter.Warn(warning);
        reporter.Info($"eval at step {step}: {TrainCommand.FormatSummary(result.Summary)}");
    }

    public void Checkpointed(string folder) { }

    private static StepMetrics Blend(StepMetrics a, StepMetrics b, double w)
    {
        double Mix(double x, double y) => x + w * (y - x);
        return b with
        {
            Loss = Mix(a.Loss, b.Loss),
            Accuracy = b.Count > 0 ? Mix(a.Accuracy, b.Accuracy) : a.Accuracy,
            ExactAccuracy = b.Count > 0 ? Mix(a.ExactAccuracy, b.ExactAccuracy) : a.ExactAccuracy,
            Steps = b.Count > 0 ? Mix(a.Steps, b.Steps) : a.Steps,
            TokensPerSecond = Mix(a.TokensPerSecond, b.TokensPerSecond),
        };
    }
}
