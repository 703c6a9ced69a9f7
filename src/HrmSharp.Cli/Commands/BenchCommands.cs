using System.CommandLine;
using HrmSharp.Benchmarks;
using static TorchSharp.torch;

namespace HrmSharp.Cli.Commands;

/// <summary>`hrm bench ...`: speed measurements recorded in docs/BENCHMARKS.md.</summary>
public static class BenchCommands
{
    public static Command Create(CliContext ctx)
    {
        var bench = new Command("bench", "Measure speed on this machine (numbers for docs/BENCHMARKS.md).");

        var peak = new Command("peak", "Dense matmul throughput in fp32 and bf16 (the yardstick for 'share of peak').");
        var size = new Option<int>("--size") { Description = "Matrix side.", DefaultValueFactory = _ => 2048 };
        peak.Options.Add(size);
        peak.SetAction(p =>
        {
            foreach (var dt in new[] { ScalarType.Float32, ScalarType.BFloat16 })
            {
                var r = MatmulPeak.Measure(dt, CPU, p.GetValue(size));
                ctx.Reporter.Info($"matmul {r.Size}x{r.Size} {dt}: {r.GflopPerSecond:F0} GFLOP/s");
            }
            return CliApp.Ok;
        });
        bench.Subcommands.Add(peak);

        var alloc = new Command("alloc", "A training-step-shaped workload with large temporaries; compare with HRM_TCMALLOC=0 to see the allocator's effect.");
        var steps = new Option<int>("--steps") { Description = "Timed steps.", DefaultValueFactory = _ => 6 };
        alloc.Options.Add(steps);
        alloc.SetAction(p =>
        {
            double s = AllocatorWorkload.SecondsPerStep(p.GetValue(steps));
            ctx.Reporter.Info($"allocator: {(Tcmalloc.IsLoaded() ? "tcmalloc" : "glibc malloc")}; {s:F3} s per step");
            return CliApp.Ok;
        });
        bench.Subcommands.Add(alloc);
        bench.Subcommands.Add(BenchTrainCommand.Create(ctx));
        bench.Subcommands.Add(BenchContextCommand.Create(ctx));
        return bench;
    }
}
