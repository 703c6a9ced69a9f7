using Spectre.Console;
using Spectre.Console.Rendering;

namespace HrmSharp.Cli;

/// <summary>The Spectre.Console implementation of <see cref="IReporter"/>.</summary>
public sealed class ConsoleReporter(IAnsiConsole console, IAnsiConsole errors) : IReporter
{
    public static ConsoleReporter Create() =>
        new(AnsiConsole.Console, AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) }));

    public void Info(string line) => console.WriteLine(line);
    public void Warn(string line) => errors.MarkupLine($"[yellow]warning:[/] {Markup.Escape(line)}");
    public void Error(string line) => errors.MarkupLine($"[red]error:[/] {Markup.Escape(line)}");
    public void Write(IRenderable renderable) => console.Write(renderable);

    public T Progress<T>(string title, double total, Func<IProgressSink, T> work)
    {
        if (!console.Profile.Capabilities.Interactive || Console.IsOutputRedirected)
            return work(new SilentSink());
        T result = default!;
        console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(),
                     new ElapsedTimeColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask(Markup.Escape(title), maxValue: Math.Max(total, 1e-9));
                result = work(new SpectreSink(task, title));
                task.Value = task.MaxValue;
            });
        return result;
    }

    private sealed class SilentSink : IProgressSink
    {
        public void Advance(double units, string? status = null) { }
    }

    private sealed class SpectreSink(ProgressTask task, string title) : IProgressSink
    {
        public void Advance(double units, string? status = null)
        {
            task.Increment(units);
            if (status is not null) task.Description = Markup.Escape($"{title} {status}");
        }
    }
}
