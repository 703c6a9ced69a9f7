using System.CommandLine;
using HrmSharp.Benchmarks;
using HrmSharp.Runtime;
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
        var layers = new Command("layers",
            "Forward timings of a block's pieces (norm, rotary, softmax, attention, SwiGLU) at a training shape (16 × 901 tokens, hidden 256, 4 heads, bf16).");
        var layerDtype = new Option<string>("--dtype") { Description = "bfloat16 or float32.", DefaultValueFactory = _ => "bfloat16" };
        layerDtype.AcceptOnlyFromAmong("bfloat16", "float32");
        var threads = new Option<int>("--threads") { Description = "Intra-op threads (0 = one per core).", DefaultValueFactory = _ => 0 };
        var reps = new Option<int>("--reps") { Description = "Timed calls per piece.", DefaultValueFactory = _ => 10 };
        layers.Options.Add(layerDtype);
        layers.Options.Add(threads);
        layers.Options.Add(reps);
        layers.SetAction(p =>
        {
            if (p.GetValue(reps) < 1) throw new HrmException($"--reps must be at least 1, got {p.GetValue(reps)}");
            if (p.GetValue(threads) < 0) throw new HrmException($"--threads must be 0 (one per core) or positive, got {p.GetValue(threads)}");
            int n = HrmSharp.Runtime.DeviceSetup.SetThreads(p.GetValue(threads));
            var dtype = p.GetValue(layerDtype) == "float32" ? ScalarType.Float32 : ScalarType.BFloat16;
            ctx.Reporter.Info($"16 × 901 tokens, hidden 256, 4 heads, {dtype}, {n} threads, mean of {p.GetValue(reps)} calls:");
            foreach (var t in LayerTimings.Measure(dtype, p.GetValue(reps)))
                ctx.Reporter.Info($"  {t.Name,-38} {t.Milliseconds,8:F2} ms");
            return CliApp.Ok;
        });
        bench.Subcommands.Add(layers);

        var exp = new Command("exp",
            "libtorch's softmax (vectorised exp) with the pages of its masked-load constants unmapped, then read back: " +
            "whether this machine has the slow path HrmSharp works around.");
        exp.SetAction(_ =>
        {
            var r = MaskedLoadBenchmark.Measure();
            ctx.Reporter.Info($"16 softmaxes over 256 × 256 floats, median of 9 ({r.Pages} constant page(s) in libtorch's Sleef code):");
            ctx.Reporter.Info($"  pages as they are            {r.NormalMs,8:F2} ms");
            ctx.Reporter.Info($"  pages dropped                {r.DroppedMs,8:F2} ms ({r.DroppedMs / r.NormalMs:F1}x)");
            ctx.Reporter.Info($"  pages dropped, then read     {r.TouchedMs,8:F2} ms ({r.TouchedMs / r.NormalMs:F1}x)");
            return CliApp.Ok;
        });
        bench.Subcommands.Add(exp);
        bench.Subcommands.Add(BenchTrainCommand.Create(ctx));
        bench.Subcommands.Add(BenchContextCommand.Create(ctx));
        bench.Subcommands.Add(BenchAllReduceCommand.Create(ctx));
        return bench;
    }
}
