namespace HrmSharp.Cli;

/// <summary>
/// What a data-parallel rank other than 0 prints: its warnings and errors, marked with its rank; rank 0 reports
/// progress and results for the whole job, so the others' info lines and progress bars are dropped.
/// </summary>
public sealed class RankReporter(IReporter inner, int rank) : IReporter
{
    public void Info(string line) { }
    public void Warn(string line) => inner.Warn($"rank {rank}: {line}");
    public void Error(string line) => inner.Error($"rank {rank}: {line}");
    public void Write(Spectre.Console.Rendering.IRenderable renderable) { }
    public T Progress<T>(string title, double total, Func<IProgressSink, T> work) => work(new Silent());

    private sealed class Silent : IProgressSink
    {
        public void Advance(double units, string? status = null) { }
    }
}
