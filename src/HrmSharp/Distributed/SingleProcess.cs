namespace HrmSharp.Distributed;

/// <summary>A job of one process: collectives leave their buffers as they are.</summary>
public sealed class SingleProcess : IDistributed
{
    public int Rank => 0;
    public int Size => 1;
    public int LocalRank => 0;
    public string Description => "single process";

    public void Broadcast(Span<float> buffer, int root = 0)
    {
        if (root != 0) throw new ArgumentOutOfRangeException(nameof(root), root, "a single process is rank 0");
    }

    public void SumInPlace(Span<float> buffer) { }
    public void SumInPlace(Span<double> buffer) { }

    public void AllGather(ReadOnlySpan<float> mine, Span<float> all)
    {
        if (all.Length != mine.Length) throw new ArgumentException($"gather buffer holds {all.Length} values, expected {mine.Length}", nameof(all));
        mine.CopyTo(all);
    }

    public void Barrier() { }

    public void Abort(int exitCode) => Environment.Exit(exitCode);

    public void Dispose() { }
}
