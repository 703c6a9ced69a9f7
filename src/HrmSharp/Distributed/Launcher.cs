namespace HrmSharp.Distributed;

/// <summary>
/// Which kind of job this process is in. <c>HRM_DISTRIBUTED</c>: <c>auto</c> (default: MPI when a launcher started the
/// process, i.e. mpirun/mpiexec or srun with PMI/PMIx set their variables, a single process otherwise), <c>mpi</c>
/// (always join MPI), <c>none</c> (always a single process).
/// </summary>
public static class Launcher
{
    public const string Variable = "HRM_DISTRIBUTED";

    // Set for every process by Open MPI's mpirun, MPICH/Hydra's mpiexec, and Slurm's srun with --mpi=pmi2 or pmix.
    private static readonly string[] LauncherVariables = ["OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMI_RANK", "PMIX_RANK"];

    public static IDistributed Join()
    {
        var mode = Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } m ? m : "auto";
        return mode switch
        {
            "none" => new SingleProcess(),
            "mpi" => MpiWorld.Start(),
            "auto" => LauncherVariables.Any(v => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(v))) ? MpiWorld.Start() : new SingleProcess(),
            _ => throw new HrmException($"{Variable}={mode}: expected auto, mpi or none"),
        };
    }
}
