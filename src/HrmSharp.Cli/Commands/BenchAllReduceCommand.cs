using System.CommandLine;
using System.Globalization;
using HrmSharp.Distributed;
using HrmSharp.Modeling;
using HrmSharp.Training;

namespace HrmSharp.Cli.Commands;

/// <summary>`hrm bench allreduce`: under mpirun, checks the collectives are exact and times the gradient all-reduce of a preset's size.</summary>
public static class BenchAllReduceCommand
{
    public static Command Create(CliContext ctx)
    {
        var preset = new Option<string?>("--preset") { Description = "Time an all-reduce of this preset's dense parameter count (e.g. hrm-tiny, hrm-arc)." };
        var floats = new Option<int?>("--floats") { Description = "Time an all-reduce of this many float32 values instead." };
        var repeat = new Option<int>("--repeat") { Description = "Timed all-reduces (median reported).", DefaultValueFactory = _ => 20 };
        var cmd = new Command("allreduce", "Run under mpirun: check that sum, broadcast and all-gather are exact, then time the per-step gradient all-reduce.")
        {
            preset, floats, repeat,
        };
        cmd.SetAction(parse =>
        {
            if (parse.GetValue(repeat) < 1) throw new HrmException($"--repeat must be at least 1, got {parse.GetValue(repeat)}");
            using var world = Launcher.Join();
            var r = world.IsRoot ? ctx.Reporter : new RankReporter(ctx.Reporter, world.Rank);
            int count = parse.GetValue(floats) ?? (parse.GetValue(preset) is { } name ? DenseParameters(name) : 1 << 20);
            if (count < 1) throw new HrmException($"--floats must be at least 1, got {count}");
            r.Info($"job: {world.Description}");
            CollectiveCheck.Verify(world);
            r.Info($"collectives exact on {world.Size} ranks: float and double sums, broadcast, all-gather");
            double seconds = CollectiveCheck.AllReduceSeconds(world, count, parse.GetValue(repeat));
            r.Info(string.Create(CultureInfo.InvariantCulture,
                $"all-reduce of {count:N0} float32 ({count * 4.0 / (1 << 20):F1} MiB): median {seconds * 1000:F2} ms over {parse.GetValue(repeat)}"));
            return CliApp.Ok;
        });
        return cmd;
    }

    /// <summary>The dense parameters of a preset's model at its data's usual sizes (ARC: 900 tokens, vocab 12; the sparse puzzle table excluded).</summary>
    private static int DenseParameters(string preset)
    {
        var config = Presets.Load(preset).Model with { VocabSize = 12, SeqLen = 900, NumPuzzleIdentifiers = 1, ForwardDtype = ForwardDType.Float32 };
        using var model = new ActModel(config);
        return checked((int)model.parameters().Sum(p => p.numel()));
    }
}
