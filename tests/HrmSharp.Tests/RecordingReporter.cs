using HrmSharp.Cli;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace HrmSharp.Tests;

/// <summary>
/// An <see cref="IReporter"/> for in-process CLI tests: keeps every line (renderables as plain text, 200 columns wide)
/// and every progress bar. Thread-safe, because `data synth` reports from worker threads.
/// </summary>
public sealed class RecordingReporter : IReporter
{
    private readonly Lock _gate = new();

    public List<string> Infos { get; } = [];
    public List<string> Warnings { get; } = [];
    public List<string> Errors { get; } = [];
    public List<string> Rendered { get; } = [];
    public List<(string Title, double Total)> Bars { get; } = [];
    public double ProgressTotal { get; private set; }
    public double ProgressDone { get; private set; }

    public IEnumerable<string> AllLines => Infos.Concat(Warnings).Concat(Errors).Concat(Rendered);

    public void Info(string line) { lock (_gate) Infos.Add(line); }
    public void Warn(string line) { lock (_gate) Warnings.Add(line); }
    public void Error(string line) { lock (_gate) Errors.Add(line); }

    public void Write(IRenderable renderable)
    {
        var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 200;
        console.Write(renderable);
        lock (_gate) Rendered.AddRange(writer.ToString().Split('\n').Select(l => l.TrimEnd('\r')));
    }

    public T Progress<T>(string title, double total, Func<IProgressSink, T> work)
    {
        lock (_gate)
        {
            Bars.Add((title, total));
            ProgressTotal = total;
        }
        return work(new Sink(this));
    }

    /// <summary>Runs the CLI in process with this reporter.</summary>
    public static (int Exit, RecordingReporter Reporter) Run(params string[] args)
    {
        var reporter = new RecordingReporter();
        int exit = CliApp.Run(args, new CliContext(reporter, TextWriter.Null, TextWriter.Null));
        return (exit, reporter);
    }

    private sealed class Sink(RecordingReporter owner) : IProgressSink
    {
        public void Advance(double units, string? status = null) { lock (owner._gate) owner.ProgressDone += units; }
    }
}
