namespace HrmSharp.Cli;

/// <summary>All console output of the commands goes through this, so commands stay testable.</summary>
public interface IReporter
{
    void Info(string line);
    void Warn(string line);
    void Error(string line);
    /// <summary>Writes Spectre markup-free plain text as-is (tables, grids already rendered).</summary>
    void Write(Spectre.Console.Rendering.IRenderable renderable);
    /// <summary>Runs <paramref name="work"/> with a progress bar of <paramref name="total"/> units (live in a terminal, silent otherwise).</summary>
    T Progress<T>(string title, double total, Func<IProgressSink, T> work);
}

public interface IProgressSink
{
    void Advance(double units, string? status = null);
}
