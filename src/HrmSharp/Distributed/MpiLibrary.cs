using System.Runtime.InteropServices;

namespace HrmSharp.Distributed;

/// <summary>
/// The MPI C library, bound by hand: no maintained .NET binding runs on Linux (MPI.NET is Windows-only, for MS-MPI),
/// and the dozen calls training needs are a small surface. What the binding has to respect:
/// <list type="bullet">
/// <item>Open MPI loads its components as plugins that resolve symbols of libmpi itself, so libmpi must be loaded with
/// RTLD_GLOBAL; .NET's loader uses RTLD_LOCAL, so the library is dlopen'ed here first.</item>
/// <item>Handles differ by implementation: Open MPI's are addresses of exported globals (<c>ompi_mpi_comm_world</c>,
/// <c>ompi_mpi_float</c>, <c>ompi_mpi_op_sum</c>), MPICH's are integer constants. Both are passed as a native-width
/// integer: on x86-64 and arm64 an int argument travels in the low half of the same register, so one set of function
/// pointers serves both.</item>
/// <item>MPI counts are <c>int</c>: large buffers go in chunks.</item>
/// </list>
/// <c>HRM_MPI_LIB</c> names the library to load instead of the usual sonames.
/// </summary>
internal sealed unsafe class MpiLibrary
{
    public const string LibraryVariable = "HRM_MPI_LIB";

    // Open MPI 4/5, then MPICH 3/4 (and derivatives that keep its ABI: Intel MPI, MVAPICH).
    private static readonly string[] Candidates = ["libmpi.so.40", "libmpi.so.12", "libmpi.so"];

    private const int RtldNow = 2, RtldGlobal = 0x100;
    public const int ThreadFunneled = 1;

    public string Path { get; }
    public string Flavour { get; }
    public nint CommWorld { get; }
    public nint Float { get; }
    public nint Double { get; }
    public nint Sum { get; }
    public nint InPlace { get; }

    public readonly delegate* unmanaged<int*, int> Initialized;
    public readonly delegate* unmanaged<int*, int> Finalized;
    public readonly delegate* unmanaged<int*, nint, int, int*, int> InitThread;
    public readonly delegate* unmanaged<int> FinalizeCall;
    public readonly delegate* unmanaged<nint, int*, int> CommRank;
    public readonly delegate* unmanaged<nint, int*, int> CommSize;
    public readonly delegate* unmanaged<void*, int, nint, int, nint, int> Bcast;
    public readonly delegate* unmanaged<void*, void*, int, nint, nint, nint, int> Allreduce;
    public readonly delegate* unmanaged<void*, int, nint, void*, int, nint, nint, int> Allgather;
    public readonly delegate* unmanaged<nint, int> BarrierCall;
    public readonly delegate* unmanaged<nint, int, int> AbortCall;

    private MpiLibrary(string path, nint handle)
    {
        Path = path;
        nint Export(string name) => NativeLibrary.TryGetExport(handle, name, out var p) ? p
            : throw new HrmException($"{path}: has no symbol {name} (not an MPI library?)");
        Initialized = (delegate* unmanaged<int*, int>)Export("MPI_Initialized");
        InitThread = (delegate* unmanaged<int*, nint, int, int*, int>)Export("MPI_Init_thread");
        FinalizeCall = (delegate* unmanaged<int>)Export("MPI_Finalize");
        Finalized = (delegate* unmanaged<int*, int>)Export("MPI_Finalized");
        CommRank = (delegate* unmanaged<nint, int*, int>)Export("MPI_Comm_rank");
        CommSize = (delegate* unmanaged<nint, int*, int>)Export("MPI_Comm_size");
        Bcast = (delegate* unmanaged<void*, int, nint, int, nint, int>)Export("MPI_Bcast");
        Allreduce = (delegate* unmanaged<void*, void*, int, nint, nint, nint, int>)Export("MPI_Allreduce");
        Allgather = (delegate* unmanaged<void*, int, nint, void*, int, nint, nint, int>)Export("MPI_Allgather");
        BarrierCall = (delegate* unmanaged<nint, int>)Export("MPI_Barrier");
        AbortCall = (delegate* unmanaged<nint, int, int>)Export("MPI_Abort");

        if (NativeLibrary.TryGetExport(handle, "ompi_mpi_comm_world", out var world))
        {
            Flavour = "Open MPI";
            CommWorld = world;
            Float = Export("ompi_mpi_float");
            Double = Export("ompi_mpi_double");
            Sum = Export("ompi_mpi_op_sum");
            InPlace = 1;
        }
        else
        {
            // MPICH's mpi.h constants (stable across MPICH 3 and 4).
            Flavour = "MPICH";
            CommWorld = 0x44000000;
            Float = 0x4c00040a;
            Double = 0x4c00080b;
            Sum = 0x58000003;
            InPlace = -1;
        }
    }

    /// <summary>Loads the library (RTLD_GLOBAL) or throws an <see cref="HrmException"/> saying what was tried.</summary>
    public static MpiLibrary Load()
    {
        var wanted = Environment.GetEnvironmentVariable(LibraryVariable);
        var tried = new List<string>();
        foreach (var name in string.IsNullOrEmpty(wanted) ? Candidates : [wanted])
        {
            var handle = DlOpen(name);
            if (handle != 0)
                return new MpiLibrary(name, handle);
            tried.Add($"{name} ({DlError()})");
        }
        throw new HrmException($"cannot load an MPI library: tried {string.Join(", ", tried)}; " +
                               $"install Open MPI (apt-get install openmpi-bin libopenmpi3) or set {LibraryVariable}");
    }

    /// <summary>Throws unless an MPI call returned MPI_SUCCESS (0). With MPI's default error handler a failure aborts first.</summary>
    public static void Check(int code, string call)
    {
        if (code != 0)
            throw new InvalidOperationException($"{call} failed with MPI error code {code}");
    }

    private static nint DlOpen(string name)
    {
        try { return dlopen(name, RtldNow | RtldGlobal); }
        catch (EntryPointNotFoundException) { return dlopen_libdl(name, RtldNow | RtldGlobal); } // glibc before 2.34
        catch (DllNotFoundException) { return dlopen_libdl(name, RtldNow | RtldGlobal); }
    }

    private static string DlError()
    {
        nint message;
        try { message = dlerror(); }
        catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException) { message = dlerror_libdl(); }
        return message == 0 ? "not found" : Marshal.PtrToStringUTF8(message) ?? "not found";
    }

    [DllImport("libc", EntryPoint = "dlopen")]
    private static extern nint dlopen([MarshalAs(UnmanagedType.LPUTF8Str)] string file, int mode);

    [DllImport("libc", EntryPoint = "dlerror")]
    private static extern nint dlerror();

    [DllImport("libdl.so.2", EntryPoint = "dlopen")]
    private static extern nint dlopen_libdl([MarshalAs(UnmanagedType.LPUTF8Str)] string file, int mode);

    [DllImport("libdl.so.2", EntryPoint = "dlerror")]
    private static extern nint dlerror_libdl();
}
