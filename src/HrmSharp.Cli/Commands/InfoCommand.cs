using System.CommandLine;
using TorchSharp;
using HrmSharp.Runtime;

namespace HrmSharp.Cli.Commands;

/// <summary>`hrm info`: versions, allocator and device, to check an installation.</summary>
public static class InfoCommand
{
    public static Command Create(CliContext ctx)
    {
        var cmd = new Command("info", "Show versions, the memory allocator in use and the available devices.");
        cmd.SetAction(_ =>
        {
            var r = ctx.Reporter;
            r.Info($"hrm {typeof(InfoCommand).Assembly.GetName().Version}");
            r.Info($".NET {Environment.Version}, {Environment.ProcessorCount} cores");
            r.Info("allocator: " + (Tcmalloc.IsLoaded() ? "tcmalloc (LD_PRELOAD)"
                : Tcmalloc.FindLibrary() is null ? "glibc malloc (install libtcmalloc-minimal4 for faster training)" : "glibc malloc (HRM_TCMALLOC=0)"));
            r.Info("cpu: " + (HrmSharp.Runtime.CpuFeatures.HasFastBf16 ? "bf16 matmul in hardware (--dtype auto = bfloat16)"
                : "no AVX-512 BF16/AMX: bf16 is emulated and slow (--dtype auto = float32)"));
            r.Info($"attention: {HrmSharp.Native.FusedCpuAttention.Status}");
            r.Info($"torch: libtorch {torch.__version__}, threads {torch.get_num_threads()}, cuda {(torch.cuda.is_available() ? "available" : "not available")}");
            return CliApp.Ok;
        });
        return cmd;
    }
}
