using HrmSharp.Cli;
using Spectre.Console.Rendering;

namespace HrmSharp.Tests.Synthetic;

/// <summary>An <see cref="IReporter"/> that keeps every line and progress step for assertions.</summary>
internal sealed class RecordingReporter : IReporter
{
    private readonly Lock _gate = new();

    public List<string> Infos { get; } = [];
    public List<string> Warnings { get; } = [];
    public List<string> Errors { get; } = [];
    public List<(string Title, double Total)> Bars { get; } = [];
    public double Advanced { get; private set; }

    public void Info(string line) { lock (_gate) Infos.Add(line); }
    public void Warn(string line) { lock (_gate) Warnings.Add(line); }
    public void Error(string line) { lock (_gate) Errors.Add(line); }
    public void Write(IRenderable renderable) { lock (_gate) Infos.Add(renderable.ToString() ?? ""); }

    public T Progress<T>(string title, double total, Func<IProgressSink, T> work)
    {
        lock (_gate) Bars.Add((title, total));
        return work(new Sink(this));
    }

    private sealed class Sink(RecordingReporter owner) : IProgressSink
    {
        public void Advance(double units, string? status = null) { lock (owner._gate) owner.Advanced += units; }
    }
}
