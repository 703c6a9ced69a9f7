using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using HrmSharp.Data;
using HrmSharp.Data.Synthetic;

namespace HrmSharp.Cli.Commands;

/// <summary>
/// `hrm data synth`: writes procedurally generated ARC-like tasks (one ordinary ARC JSON file per task) plus a
/// families.manifest manifest, or lists the families, or benchmarks generation in memory.
/// </summary>
public static class DataSynthCommand
{
    // Progress is reported between chunks from the calling thread, so the progress sink never sees two threads.
    private const int Chunk = 1024;

    public static Command Create(CliContext ctx)
    {
        var tasks = new Option<int>("--tasks") { Description = "Number of tasks to generate.", DefaultValueFactory = _ => 1000 };
        var families = new Option<string>("--families")
        {
            Description = "'all', or a comma-separated list of family names and categories (geometry, colour, objects, patterns).",
            DefaultValueFactory = _ => "all",
        };
        var holdout = new Option<string>("--holdout")
        {
            Description = "Comma-separated families or categories to leave out (held out for generalisation tests).",
            DefaultValueFactory = _ => "",
        };
        var maxSize = new Option<int>("--max-size") { Description = "Largest grid side (3..30).", DefaultValueFactory = _ => 12 };
        var seed = new Option<int>("--seed") { Description = "Seed; task i depends only on (seed, i).", DefaultValueFactory = _ => 0 };
        var output = new Option<string?>("--out") { Description = "Folder to write the task files and families.manifest into." };
        var overwrite = new Option<bool>("--overwrite") { Description = "Allow writing into a folder that already holds .json files." };
        var list = new Option<bool>("--list") { Description = "List the families with their category and stop." };
        var bench = new Option<bool>("--bench") { Description = "Generate and serialise in memory only (no files) and report tasks/s." };
        var threads = new Option<int>("--threads")
        {
            Description = "Worker threads (output is identical for any count).",
            DefaultValueFactory = _ => Environment.ProcessorCount,
        };

        var cmd = new Command("synth", "Generate procedural ARC-like tasks from named rule families.")
        {
            tasks, families, holdout, maxSize, seed, output, overwrite, list, bench, threads,
        };
        cmd.SetAction(parse =>
        {
            if (parse.GetValue(list)) return List(ctx);
            var run = new Run(parse.GetValue(tasks), parse.GetValue(families) ?? "all", parse.GetValue(holdout) ?? "",
                parse.GetValue(maxSize), parse.GetValue(seed), parse.GetValue(output), parse.GetValue(overwrite),
                parse.GetValue(bench), parse.GetValue(threads));
            return Generate(ctx, run);
        });
        return cmd;
    }

    private sealed record Run(int Tasks, string Families, string Holdout, int MaxSize, int Seed, string? Out, bool Overwrite, bool Bench, int Threads);

    private static int List(CliContext ctx)
    {
        foreach (var f in FamilyCatalog.All)
            ctx.Reporter.Info($"{f.Name,-26} {f.Category.ToString().ToLowerInvariant(),-9} {f.Description}");
        ctx.Reporter.Info($"{FamilyCatalog.All.Count} families");
        return CliApp.Ok;
    }

    private static int Generate(CliContext ctx, Run run)
    {
        var (generator, heldOut) = Prepare(ctx, run);
        string? dir = run.Bench ? null : PrepareFolder(run);

        long bytes = 0;
        var clock = Stopwatch.StartNew();
        ctx.Reporter.Progress(run.Bench ? "synth (in memory)" : "synth", run.Tasks, sink =>
        {
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = run.Threads };
            for (int start = 0; start < run.Tasks; start += Chunk)
            {
                int end = Math.Min(run.Tasks, start + Chunk);
                Parallel.For(start, end, parallel, () => 0L, (i, _, local) =>
                {
                    var task = generator.Generate(i).Task;
                    var json = TaskJsonWriter.ToUtf8(task);
                    if (dir is not null) File.WriteAllBytes(Path.Combine(dir, task.Id + ".json"), json);
                    return local + json.Length;
                }, local => Interlocked.Add(ref bytes, local));
                sink.Advance(end - start);
            }
            return 0;
        });
        double seconds = clock.Elapsed.TotalSeconds;

        if (dir is not null) WriteManifest(dir, run, generator, heldOut);
        ctx.Reporter.Info($"{run.Tasks} tasks from {generator.Families.Count} families ({heldOut.Count} held out), max size {run.MaxSize}, seed {run.Seed}");
        ctx.Reporter.Info($"{(dir is null ? "in memory" : "written")}: {seconds:F2} s, {run.Tasks / Math.Max(seconds, 1e-9):F0} tasks/s on {run.Threads} threads, " +
                          $"{bytes / run.Tasks} bytes of JSON per task");
        if (dir is not null) ctx.Reporter.Info($"to {dir} (manifest: families.manifest)");
        return CliApp.Ok;
    }

    private static (SyntheticTaskGenerator Generator, IReadOnlyList<TaskFamily> HeldOut) Prepare(CliContext ctx, Run run)
    {
        var problems = new List<string>();
        if (run.Tasks < 1) problems.Add($"--tasks must be at least 1 (got {run.Tasks})");
        if (run.MaxSize < SynthOptions.SmallestMaxSize || run.MaxSize > Data.Grid.MaxSide)
            problems.Add($"--max-size must be {SynthOptions.SmallestMaxSize}..{Data.Grid.MaxSide} (got {run.MaxSize})");
        if (run.Threads < 1) problems.Add($"--threads must be at least 1 (got {run.Threads})");
        if (!run.Bench && string.IsNullOrWhiteSpace(run.Out)) problems.Add("--out DIR is required (or pass --bench or --list)");
        HrmException.ThrowIfAny(problems);

        var pool = FamilyCatalog.Resolve(run.Families.Split(','));
        var (train, heldOut) = FamilyCatalog.Split(run.Holdout.Split(','), pool);
        var tooSmall = train.Where(f => f.MinSize > run.MaxSize).ToList();
        if (tooSmall.Count > 0)
            ctx.Reporter.Warn($"max size {run.MaxSize} is too small for {string.Join(", ", tooSmall.Select(f => $"{f.Name} (needs {f.MinSize})"))}; skipping them");
        var usable = train.Except(tooSmall).ToList();
        if (usable.Count == 0) throw new HrmException("no families left to generate from after --holdout and --max-size");
        return (new SyntheticTaskGenerator(usable, new SynthOptions { MaxSize = run.MaxSize }, run.Seed), heldOut);
    }

    private static string PrepareFolder(Run run)
    {
        string dir = Path.GetFullPath(run.Out!);
        if (File.Exists(dir)) throw new HrmException($"--out {dir} is a file, not a folder");
        if (Directory.Exists(dir) && !run.Overwrite && Directory.EnumerateFiles(dir, "*.json").Any())
            throw new HrmException($"{dir} already holds .json files; choose an empty folder or pass --overwrite");
        Directory.CreateDirectory(dir);
        return dir;
    }

    private static void WriteManifest(string dir, Run run, SyntheticTaskGenerator generator, IReadOnlyList<TaskFamily> heldOut)
    {
        var counts = generator.Families.ToDictionary(f => f.Name, _ => 0);
        for (long i = 0; i < run.Tasks; i++) counts[generator.FamilyOf(i).Name]++;
        var manifest = new
        {
            generator = "hrm data synth",
            seed = run.Seed,
            tasks = run.Tasks,
            maxSize = run.MaxSize,
            families = generator.Families.Select(f => new { name = f.Name, category = f.Category.ToString().ToLowerInvariant(), tasks = counts[f.Name] }),
            heldOut = heldOut.Select(f => f.Name),
        };
        HrmSharp.IO.AtomicFile.WriteAllBytes(Path.Combine(dir, "families.manifest"),
            JsonSerializer.SerializeToUtf8Bytes(manifest, new JsonSerializerOptions { WriteIndented = true }));
    }
}
