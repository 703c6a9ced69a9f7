using System.Runtime.InteropServices;
using HrmSharp.Training;
using HrmSharp.Modeling;
using static TorchSharp.torch;

namespace HrmSharp.Runtime;

/// <summary>Turns the config's device, dtype and thread choices into concrete settings for this machine.</summary>
public static class DeviceSetup
{
    public static Device Device(DeviceKind kind)
    {
        if (kind == DeviceKind.Cuda && !cuda.is_available())
            throw new HrmException("device cuda: no CUDA device is available to this build (build with -p:TorchBackend=cuda on a GPU machine), use --device cpu");
        return kind == DeviceKind.Cuda ? CUDA : CPU;
    }

    /// <summary>
    /// auto: bfloat16 on CUDA or on a CPU with fast bf16 matmul (AVX-512 BF16 / AMX), float32 otherwise: without those
    /// instructions libtorch's bf16 matmul is ~100× slower than fp32 (docs/BENCHMARKS.md).
    /// </summary>
    public static ForwardDType Resolve(DTypeChoice choice, DeviceKind device) => choice switch
    {
        DTypeChoice.Float32 => ForwardDType.Float32,
        DTypeChoice.Bfloat16 => ForwardDType.Bfloat16,
        _ => device == DeviceKind.Cuda || CpuFeatures.HasFastBf16 ? ForwardDType.Bfloat16 : ForwardDType.Float32,
    };

    public static DTypeChoice ToChoice(ForwardDType dtype) => dtype == ForwardDType.Bfloat16 ? DTypeChoice.Bfloat16 : DTypeChoice.Float32;

    /// <summary>
    /// Asks OpenMP to sleep rather than spin while waiting at the end of a parallel region (OMP_WAIT_POLICY=PASSIVE),
    /// unless the variable is already set. libtorch's OpenMP spins by default; on a machine where other processes
    /// compete for the cores, two spinning threads were measured ~12× slower per training step than with passive waiting
    /// (docs/BENCHMARKS.md). OpenMP reads the variable once, when libtorch is loaded, so call this before the first
    /// tensor operation of the process; later calls change nothing.
    /// </summary>
    public static void PreferPassiveOpenMpWait()
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable("OMP_WAIT_POLICY") is not null)
            return;
        // The native environment, which OpenMP reads: .NET's Environment.SetEnvironmentVariable only updates its own copy on Unix.
        _ = SetEnv("OMP_WAIT_POLICY", "PASSIVE", 0);
    }

    /// <summary>
    /// Asks libtorch's CPU allocator to back tensors over 2 MB with transparent huge pages (THP_MEM_ALLOC_ENABLE=1), unless
    /// the variable is already set. Where the kernel's THP mode is "madvise" this cut page faults ~5x and CPU time per
    /// bf16 training step by ~8% (docs/BENCHMARKS.md). libtorch reads it at its first allocation: call before any tensor.
    /// </summary>
    public static void PreferHugePages()
    {
        if (OperatingSystem.IsLinux() && Environment.GetEnvironmentVariable("THP_MEM_ALLOC_ENABLE") is null)
            _ = SetEnv("THP_MEM_ALLOC_ENABLE", "1", 0);
    }

    [DllImport("libc", EntryPoint = "setenv")]
    private static extern int SetEnv(string name, string value, int overwrite);

    /// <summary>Sets torch's intra-op threads (0 = OMP_NUM_THREADS when set, else one per core) and returns the count in use.</summary>
    public static int SetThreads(int threads)
    {
        // 0: OMP_NUM_THREADS when the launcher set it (mpirun -x, GNU parallel, Slurm), else one per core.
        int n = threads > 0 ? threads
            : int.TryParse(Environment.GetEnvironmentVariable("OMP_NUM_THREADS"), out var omp) && omp > 0 ? omp
            : Environment.ProcessorCount;
        if (get_num_threads() != n)
            set_num_threads(n);
        return n;
    }
}
