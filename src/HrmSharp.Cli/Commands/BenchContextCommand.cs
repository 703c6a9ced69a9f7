using System.CommandLine;
using System.Globalization;
using HrmSharp.Benchmarks;
using HrmSharp.Data;
using HrmSharp.Encoding.Context;
using HrmSharp.Modeling;
using Spectre.Console;

namespace HrmSharp.Cli.Commands;

/// <summary>
/// `hrm bench context --data PATH`: the same model over every task's test sequences in the packed and the 30×30-padded
/// layout; tokens and wall time per task for each, and their ratios (on ARC-1 evaluation the packed layout needs 4.28× fewer tokens in theory).
/// </summary>
public static class BenchContextCommand
{
    public static Command Create(CliContext ctx)
    {
        var model = ContextLayoutBenchmark.SmallModel;
        var packing = ContextLayoutBenchmark.PackedBatching;
        var data = new Option<string>("--data") { Description = "A folder of ARC task files (searched recursively), one task file, or a Kaggle challenges file.", Required = true };
        var tasks = new Option<int>("--tasks") { Description = "Use the first N tasks by id (0 = all).", DefaultValueFactory = _ => 0 };
        var hidden = new Option<int>("--hidden") { Description = "Hidden size.", DefaultValueFactory = _ => model.HiddenSize };
        var heads = new Option<int>("--heads") { Description = "Attention heads.", DefaultValueFactory = _ => model.NumHeads };
        var expansion = new Option<double>("--expansion") { Description = "SwiGLU width factor.", DefaultValueFactory = _ => model.Expansion };
        var hLayers = new Option<int>("--h-layers") { Description = "Blocks in H.", DefaultValueFactory = _ => model.HLayers };
        var lLayers = new Option<int>("--l-layers") { Description = "Blocks in L.", DefaultValueFactory = _ => model.LLayers };
        var hCycles = new Option<int>("--h-cycles") { Description = "H cycles per segment.", DefaultValueFactory = _ => model.HCycles };
        var lCycles = new Option<int>("--l-cycles") { Description = "L cycles per H cycle.", DefaultValueFactory = _ => model.LCycles };
        var steps = new Option<int>("--steps")
        {
            Description = "ACT segments per batch (halt_max_steps; evaluation runs them all).",
            DefaultValueFactory = _ => model.HaltMaxSteps,
        };
        var pos = new Option<string>("--pos") { Description = "Positions: rope2d|rope1d|learned.", DefaultValueFactory = _ => "rope2d" };
        var dtype = new Option<string>("--dtype")
        {
            Description = "Compute dtype: float32|bfloat16 (bf16 is ~100x slower without AVX-512 BF16).",
            DefaultValueFactory = _ => "float32",
        };
        var pack = new Option<bool>("--pack") { Description = "Packed layout: pack several sequences per row (block-diagonal mask).", DefaultValueFactory = _ => packing.Pack };
        var maxRow = new Option<int>("--max-row") { Description = "Packed row capacity with --pack.", DefaultValueFactory = _ => packing.MaxRowLength };
        var batchTokens = new Option<int>("--batch-tokens")
        {
            Description = "Token budget B*L per batch, both layouts (1 = one sequence per batch).",
            DefaultValueFactory = _ => packing.TokensPerBatch,
        };
        var threads = new Option<int>("--threads") { Description = "libtorch intra-op threads (0 = its default, one per core).", DefaultValueFactory = _ => 0 };
        var seed = new Option<int>("--seed") { Description = "Seeds the weights and the batch planner.", DefaultValueFactory = _ => 0 };

        var cmd = new Command("context", "Time one model over ARC tasks in context, packed vs every grid padded to 30x30.")
        {
            data, tasks, hidden, heads, expansion, hLayers, lLayers, hCycles, lCycles, steps, pos, dtype, pack, maxRow, batchTokens, threads, seed,
        };
        cmd.SetAction(p =>
        {
            var config = model with
            {
                HiddenSize = p.GetValue(hidden), NumHeads = p.GetValue(heads), Expansion = p.GetValue(expansion),
                HLayers = p.GetValue(hLayers), LLayers = p.GetValue(lLayers), HCycles = p.GetValue(hCycles), LCycles = p.GetValue(lCycles),
                HaltMaxSteps = p.GetValue(steps), PosEncodings = TrainSetup.PosEncodingOf(p.GetValue(pos)!),
                ForwardDtype = OptionValue.Parse<ForwardDType>(p.GetValue(dtype)!, "--dtype"),
            };
            var batching = packing with { Pack = p.GetValue(pack), MaxRowLength = p.GetValue(maxRow), TokensPerBatch = p.GetValue(batchTokens) };
            int n = p.GetValue(tasks);
            if (n < 0) throw new HrmException($"--tasks must be 0 (all) or positive, got {n}");
            int t = p.GetValue(threads);
            if (t < 0) throw new HrmException($"--threads must be 0 (default) or positive, got {t}");
            if (t > 0) TorchSharp.torch.set_num_threads(t);
            return Run(ctx, p.GetValue(data)!, n, new ContextLayoutBenchmark.Options { Model = config.Validate(), Batching = batching, Seed = p.GetValue(seed) });
        });
        return cmd;
    }

    private static int Run(CliContext ctx, string path, int taskCount, ContextLayoutBenchmark.Options options)
    {
        options.Batching.Validate();
        var r = ctx.Reporter;
        var all = TaskLoader.Load(path);
        var tasks = all.OrderBy(t => t.Id, StringComparer.Ordinal).Take(taskCount == 0 ? all.Count : taskCount).ToArray();
        var m = options.Model;
        r.Info($"{path}: {tasks.Length} of {all.Count} tasks{(tasks.Length < all.Count ? " (the first by id)" : "")}");
        r.Info($"libtorch threads: {TorchSharp.torch.get_num_threads()}");
        r.Info($"model: hidden {m.HiddenSize}, {m.NumHeads} heads, {m.HLayers}+{m.LLayers} layers, cycles {m.HCycles}/{m.LCycles}, " +
               $"{m.HaltMaxSteps} ACT step(s), {OptionValue.Name(m.PosEncodings)}, {OptionValue.Name(m.ForwardDtype)}; eval, no_grad");
        var b = options.Batching;
        string budget = b.TokensPerBatch == 1 ? "one row per batch" : $"up to {b.TokensPerBatch} tokens per batch";
        r.Info($"packed batching: {(b.Pack ? $"rows packed up to {b.MaxRowLength} tokens" : "one sequence per row")}, {budget}; " +
               "padded: one sequence per row, one length per batch, the same budget; " +
               "the two layouts' batches interleaved so both see the same machine load");

        var result = r.Progress("packed and padded, interleaved", 1, sink =>
        {
            int last = 0;
            return ContextLayoutBenchmark.Run(tasks, options, (done, total) =>
            {
                sink.Advance((done - last) / (double)total, $"batch {done}/{total}");
                last = done;
            });
        });
        r.Write(Table(result));
        r.Info($"padded/packed: {F(result.TokenRatio)}x tokens, {F(result.TimeRatio)}x wall time per task " +
               "(on ARC-1 evaluation the token ratio is 4.28x at best: the padded layout's 900 cells per grid against the real cells)");
        return CliApp.Ok;
    }

    private static Table Table(ContextLayoutBenchmark.Result result)
    {
        var (a, b) = (result.Packed, result.Padded);
        var table = new Table()
            .AddColumn("")
            .AddColumn(new TableColumn("packed").RightAligned())
            .AddColumn(new TableColumn("padded 30x30").RightAligned())
            .AddColumn(new TableColumn("padded/packed").RightAligned());
        void Row(string name, double x, double y, string format, bool ratio = true) =>
            table.AddRow(name, x.ToString(format, CultureInfo.InvariantCulture), y.ToString(format, CultureInfo.InvariantCulture),
                         ratio && x > 0 ? F(y / x) + "x" : "");
        Row("sequences", a.Sequences, b.Sequences, "0", ratio: false);
        Row("batches", a.Batches, b.Batches, "0", ratio: false);
        Row("  needing a mask", a.MaskedBatches, b.MaskedBatches, "0", ratio: false);
        Row("longest row, tokens", a.LongestRow, b.LongestRow, "0");
        Row("tokens processed (incl. padding)", a.ProcessedTokens, b.ProcessedTokens, "0");
        Row("  over the sequences' own tokens", a.PaddingRatio, b.PaddingRatio, "0.000", ratio: false);
        Row("tokens per task, mean", a.MeanTokensPerTask, b.MeanTokensPerTask, "0");
        Row("tokens per task, median", a.MedianTokensPerTask, b.MedianTokensPerTask, "0");
        Row("wall time, s", a.Seconds, b.Seconds, "0.0");
        Row("  of which model (tensors + forward), s", a.ModelSeconds, b.ModelSeconds, "0.0");
        Row("wall time per task, ms", 1000 * a.SecondsPerTask, 1000 * b.SecondsPerTask, "0.0");
        return table;
    }

    private static string F(double v) => v.ToString("0.00", CultureInfo.InvariantCulture);
}
