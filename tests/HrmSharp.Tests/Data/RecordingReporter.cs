using HrmSharp.Cli;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace HrmSharp.Tests.Data;

/// <summary>An <see cref="IReporter"/> that keeps every line (renderables rendered as plain text, 200 columns wide).</summary>
public sealed class RecordingReporter : IReporter
{
    public List<string> Infos { get; } = [];
    public List<string> Warnings { get; } = [];
    public List<string> Errors { get; } = [];
    public List<string> Rendered { get; } = [];

    public IEnumerable<string> AllLines => Infos.Concat(Warnings).Concat(Errors).Concat(Rendered);

    public void Info(string line) => Infos.Add(line);
    public void Warn(string line) => Warnings.Add(line);
    public void Error(string line) => Errors.Add(line);

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
        Rendered.AddRange(writer.ToString().Split('\n').Select(l => l.TrimEnd('\r')));
    }

    public T Progress<T>(string title, double total, Func<IProgressSink, T> work) => work(new NoSink());

    private sealed class NoSink : IProgressSink
    {
        public void Advance(double units, string? status = null) { }
    }

    public static (int Exit, RecordingReporter Reporter) Run(params string[] args)
    {
        var reporter = new RecordingReporter();
        int exit = CliApp.Run(args, new CliContext(reporter, TextWriter.Null, TextWriter.Null));
        return (exit, reporter);
    }
}
