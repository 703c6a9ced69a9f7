using HrmSharp.Cli;
using Spectre.Console.Rendering;

namespace HrmSharp.Tests.Sudoku;

/// <summary>An <see cref="IReporter"/> that keeps every line and counts progress, for in-process CLI tests.</summary>
public sealed class RecordingReporter : IReporter
{
    public List<string> Infos { get; } = [];
    public List<string> Warnings { get; } = [];
    public List<string> Errors { get; } = [];
    public double ProgressTotal { get; private set; }
    public double ProgressDone { get; private set; }

    public void Info(string line) => Infos.Add(line);
    public void Warn(string line) => Warnings.Add(line);
    public void Error(string line) => Errors.Add(line);
    public void Write(IRenderable renderable) { }

    public T Progress<T>(string title, double total, Func<IProgressSink, T> work)
    {
        ProgressTotal = total;
        return work(new Sink(this));
    }

    public static (int Exit, RecordingReporter Reporter) Run(params string[] args)
    {
        var reporter = new RecordingReporter();
        var ctx = new CliContext(reporter, TextWriter.Null, TextWriter.Null);
        return (CliApp.Run(args, ctx), reporter);
    }

    private sealed class Sink(RecordingReporter owner) : IProgressSink
    {
        public void Advance(double units, string? status = null) => owner.ProgressDone += units;
    }
}
