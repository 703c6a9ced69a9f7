namespace HrmSharp.Distributed;

/// <summary>
/// MPI_COMM_WORLD of a job started by mpirun or srun. Initialised with MPI_THREAD_FUNNELED: only the thread that created
/// it calls MPI (training's stream threads never do). Disposing finalises MPI.
/// </summary>
public sealed unsafe class MpiWorld : IDistributed
{
    // Values per call: MPI counts are int, and a chunk this size keeps every count far below int.MaxValue.
    private const int Chunk = 1 << 28;

    private readonly MpiLibrary _mpi;
    private bool _finalized;

    public int Rank { get; }
    public int Size { get; }
    public int LocalRank { get; }
    public string Description => $"MPI ({_mpi.Flavour}, {_mpi.Path}), {Size} ranks";

    private MpiWorld(MpiLibrary mpi)
    {
        _mpi = mpi;
        int initialized;
        MpiLibrary.Check(mpi.Initialized(&initialized), "MPI_Initialized");
        if (initialized == 0)
        {
            int provided;
            MpiLibrary.Check(mpi.InitThread(null, 0, MpiLibrary.ThreadFunneled, &provided), "MPI_Init_thread");
            if (provided < MpiLibrary.ThreadFunneled)
                throw new HrmException($"the MPI library gives thread level {provided}, but HrmSharp needs MPI_THREAD_FUNNELED ({MpiLibrary.ThreadFunneled})");
        }
        int rank, size;
        MpiLibrary.Check(mpi.CommRank(mpi.CommWorld, &rank), "MPI_Comm_rank");
        MpiLibrary.Check(mpi.CommSize(mpi.CommWorld, &size), "MPI_Comm_size");
        (Rank, Size) = (rank, size);
        LocalRank = LocalRankFromLauncher() ?? 0;
    }

    /// <summary>Loads the MPI library and joins the job.</summary>
    public static MpiWorld Start() => new(MpiLibrary.Load());

    /// <summary>The launcher's word for this process's place on its machine (Open MPI, MPICH/Hydra, Slurm).</summary>
    private static int? LocalRankFromLauncher()
    {
        foreach (var name in new[] { "OMPI_COMM_WORLD_LOCAL_RANK", "MPI_LOCALRANKID", "SLURM_LOCALID" })
            if (int.TryParse(Environment.GetEnvironmentVariable(name), out var r))
                return r;
        return null;
    }

    public void Broadcast(Span<float> buffer, int root = 0)
    {
        fixed (float* p = buffer)
            for (long at = 0; at < buffer.Length; at += Chunk)
                MpiLibrary.Check(_mpi.Bcast(p + at, (int)Math.Min(Chunk, buffer.Length - at), _mpi.Float, root, _mpi.CommWorld), "MPI_Bcast");
    }

    public void SumInPlace(Span<float> buffer)
    {
        fixed (float* p = buffer)
            for (long at = 0; at < buffer.Length; at += Chunk)
                MpiLibrary.Check(_mpi.Allreduce((void*)_mpi.InPlace, p + at, (int)Math.Min(Chunk, buffer.Length - at), _mpi.Float, _mpi.Sum, _mpi.CommWorld), "MPI_Allreduce");
    }

    public void SumInPlace(Span<double> buffer)
    {
        fixed (double* p = buffer)
            for (long at = 0; at < buffer.Length; at += Chunk)
                MpiLibrary.Check(_mpi.Allreduce((void*)_mpi.InPlace, p + at, (int)Math.Min(Chunk, buffer.Length - at), _mpi.Double, _mpi.Sum, _mpi.CommWorld), "MPI_Allreduce");
    }

    public void AllGather(ReadOnlySpan<float> mine, Span<float> all)
    {
        if (all.Length != (long)mine.Length * Size)
            throw new ArgumentException($"gather buffer holds {all.Length} values, expected {Size} × {mine.Length}", nameof(all));
        if (mine.Length > Chunk)
            throw new ArgumentException($"all-gather of {mine.Length} values per rank: more than one call's worth ({Chunk})", nameof(mine));
        fixed (float* send = mine)
        fixed (float* receive = all)
            MpiLibrary.Check(_mpi.Allgather(send, mine.Length, _mpi.Float, receive, mine.Length, _mpi.Float, _mpi.CommWorld), "MPI_Allgather");
    }

    public void Barrier() => MpiLibrary.Check(_mpi.BarrierCall(_mpi.CommWorld), "MPI_Barrier");

    public void Abort(int exitCode)
    {
        _mpi.AbortCall(_mpi.CommWorld, exitCode);
        Environment.Exit(exitCode); // MPI_Abort does not return; if it did, still end this process
    }

    public void Dispose()
    {
        if (_finalized) return;
        _finalized = true;
        int finalized;
        if (_mpi.Finalized(&finalized) == 0 && finalized == 0)
            _mpi.FinalizeCall();
    }
}
