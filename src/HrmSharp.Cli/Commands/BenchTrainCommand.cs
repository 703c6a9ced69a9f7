using System.CommandLine;
using HrmSharp.Benchmarks;
using HrmSharp.Training;
using HrmSharp.Training.Data;

namespace HrmSharp.Cli.Commands;

/// <summary>
/// `hrm bench train`: training speed of a preset (any core: --core hrm|trm|transformer) on this machine: tokens/s, step time, model FLOP/s (matmuls counted
/// analytically, <see cref="ModelFlops"/>), their share of the dense matmul peak measured in the same process and
/// dtype, and the share of step time spent preparing batches.
/// </summary>
public static class BenchTrainCommand
{
    public static Command Create(CliContext ctx)
    {
        var setup = new TrainSetup();
        var warmup = new Option<int>("--warmup") { Description = "Untimed steps first (kernel selection, allocator warm-up).", DefaultValueFactory = _ => 2 };
        var cmd = new Command("train", "Training speed of a preset: tokens/s, step time, model FLOP/s and share of the matmul peak.") { warmup };
        setup.AddTo(cmd);
        cmd.SetAction(parse =>
        {
            var r = ctx.Reporter;
            var config = setup.Build(parse);
            long steps = parse.GetValue(setup.Steps) ?? 5;
            int warm = parse.GetValue(warmup);
            if (steps < 1) throw new HrmException($"--steps must be at least 1, got {steps}");
            if (warm < 0) throw new HrmException($"--warmup must not be negative, got {warm}");
            config = config with { Steps = warm + steps, Minutes = 0, EvalInterval = 0, CheckpointEvery = 0 };

            var data = r.Progress("preparing data", 1.0, _ => DataFactory.Create(config.Data with { EvalCount = 0 }));
            using var trainer = new Trainer(Trainer.Effective(config.Validate(), data.Train), data);
            var m = trainer.Config.Model;
            r.Info($"{config.Name} ({m.Core.ToString().ToLowerInvariant()} core): hidden {m.HiddenSize}, layers H{m.HLayers}/L{m.LLayers}, " +
                   $"cycles {m.HCycles}/{m.LCycles}, batch {config.BatchSize}, " +
                   $"{m.TotalSeqLen} positions, {trainer.Config.DType.ToString().ToLowerInvariant()}, {TorchSharp.torch.get_num_threads()} threads" +
                   (trainer.Streams > 1 ? $" in {trainer.Streams} streams" : "") + $", attention: {TrainCommand.AttentionSummary(trainer)}");

            var timed = r.Progress("benchmark", warm + steps, sink =>
            {
                var list = new List<StepMetrics>();
                for (int i = 0; i < warm + steps; i++)
                {
                    var s = trainer.TrainStep();
                    if (i >= warm) list.Add(s);
                    sink.Advance(1, $"step {i + 1}: {s.StepSeconds:F2} s");
                }
                return list;
            });

            // The median step is the headline: on a shared VM single steps can take 2–3× the typical one (BENCHMARKS.md).
            double seconds = timed.Sum(s => s.StepSeconds);
            double stepTime = Statistics.Median(timed.Select(s => s.StepSeconds));
            double dataShare = timed.Sum(s => s.DataSeconds) / seconds;
            double tokensPerSecond = trainer.TokensPerStep / stepTime;
            double flops = ModelFlops.TrainStep(m) * config.BatchSize / stepTime;
            var peak = MatmulPeak.Measure(m.ComputeType, trainer.Device);
            r.Info($"step time {stepTime:F3} s (median of {timed.Count}; mean {seconds / timed.Count:F3}, " +
                   $"min {timed.Min(s => s.StepSeconds):F3}, max {timed.Max(s => s.StepSeconds):F3})");
            r.Info($"tokens/s {tokensPerSecond:F0} ({trainer.TokensPerStep} positions per step)");
            // In context a batch is a token budget of sequences of varying length, not batch_size rows of seq_len, so the
            // fixed-shape FLOP count does not apply; tokens/s is the figure to compare.
            if (m.Conditioning == HrmSharp.Modeling.Conditioning.Context)
                r.Info($"model FLOP/s: not counted in context (variable-length batches); matmul peak {peak.GflopPerSecond:F0} GFLOP/s {peak.DType}");
            else
                r.Info($"model {flops / 1e9:F1} GFLOP/s ({ModelFlops.TrainStep(m) * config.BatchSize / 1e9:F1} GFLOP per step); " +
                       $"matmul peak {peak.GflopPerSecond:F0} GFLOP/s {peak.DType}: {flops / 1e9 / peak.GflopPerSecond:P0} of peak");
            r.Info($"data loading {dataShare:P1} of step time");
            return CliApp.Ok;
        });
        return cmd;
    }
}
