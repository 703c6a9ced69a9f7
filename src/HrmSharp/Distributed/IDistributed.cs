namespace HrmSharp.Distributed;

/// <summary>
/// The processes of one data-parallel job and the few collectives training needs. <see cref="SingleProcess"/> is the
/// default (a world of one, every collective a no-op); <see cref="MpiWorld"/> runs over an MPI library when the job was
/// started by mpirun or srun. Buffers are float32 or float64 (there is no bf16 MPI type: gradients are reduced in fp32).
/// Every rank must call every collective in the same order.
/// </summary>
public interface IDistributed : IDisposable
{
    /// <summary>This process's index in the job, 0..<see cref="Size"/>−1.</summary>
    int Rank { get; }

    /// <summary>Processes in the job.</summary>
    int Size { get; }

    /// <summary>This process's index among the job's processes on its machine (which GPU or cores it takes).</summary>
    int LocalRank { get; }

    /// <summary>What runs the job, for run headers ("single process", "MPI (Open MPI ...), 2 ranks").</summary>
    string Description { get; }

    bool IsRoot => Rank == 0;

    /// <summary>Overwrites <paramref name="buffer"/> on every rank with rank <paramref name="root"/>'s.</summary>
    void Broadcast(Span<float> buffer, int root = 0);

    /// <summary>Overwrites <paramref name="buffer"/> on every rank with the element-wise sum over ranks.</summary>
    void SumInPlace(Span<float> buffer);

    /// <inheritdoc cref="SumInPlace(Span{float})"/>
    void SumInPlace(Span<double> buffer);

    /// <summary>Every rank's <paramref name="mine"/> (all the same length), concatenated in rank order into <paramref name="all"/>.</summary>
    void AllGather(ReadOnlySpan<float> mine, Span<float> all);

    /// <summary>Waits until every rank has called it.</summary>
    void Barrier();

    /// <summary>Ends every process of the job with <paramref name="exitCode"/> (a failing rank must not leave the others waiting forever).</summary>
    void Abort(int exitCode);
}
