using System.CommandLine;
using System.Diagnostics;
using HrmSharp.Data;
using HrmSharp.Data.Maze;

namespace HrmSharp.Cli.Commands;

/// <summary>`hrm data maze`: generate mazes with their shortest path into a Maze-Hard CSV.</summary>
public static class DataMazeCommand
{
    public static Command Create(CliContext ctx)
    {
        var defaults = new MazeGeneratorOptions();
        var count = new Option<int>("--count") { Description = "Number of mazes.", DefaultValueFactory = _ => 1000 };
        var output = new Option<string>("--out") { Description = "Output CSV (source,question,answer,rating).", Required = true };
        var seed = new Option<int>("--seed") { Description = "Random seed; the same seed gives the same file.", DefaultValueFactory = _ => 0 };
        var size = new Option<int>("--size")
        {
            Description = $"Side N of the NxN maze ({MazeGeneratorOptions.MinSize}..{Grid.MaxSide}).",
            DefaultValueFactory = _ => defaults.Size,
        };
        var minPath = new Option<int>("--min-path") { Description = "Least shortest-path length in steps (redraw shorter mazes).", DefaultValueFactory = _ => defaults.MinPath };
        var openings = new Option<double>("--openings") { Description = "Probability of opening each extra wall (adds loops).", DefaultValueFactory = _ => defaults.Openings };

        var cmd = new Command("maze", "Generate NxN mazes with start, goal and shortest path (Maze-Hard CSV layout).")
        {
            count, output, seed, size, minPath, openings,
        };
        cmd.SetAction(parse =>
        {
            int n = parse.GetValue(count);
            string path = parse.GetValue(output)!;
            int s = parse.GetValue(seed);
            var options = new MazeGeneratorOptions(parse.GetValue(size), parse.GetValue(minPath), parse.GetValue(openings));
            var problems = options.Problems().ToList();
            if (n < 1) problems.Insert(0, $"count {n} must be at least 1");
            HrmException.ThrowIfAny(problems);

            var clock = Stopwatch.StartNew();
            string source = $"hrmsharp-seed{s}";
            var mazes = ctx.Reporter.Progress("maze", n, sink =>
                ParallelPuzzles.Generate(n, s, (rng, _) => MazeGenerator.Generate(rng, options, source), () => sink.Advance(1)));
            MazeCsv.Write(path, mazes);

            var lengths = mazes.Select(m => m.PathLength).Order().ToArray();
            ctx.Reporter.Info($"wrote {n} {options.Size}x{options.Size} mazes to {path} in {clock.Elapsed.TotalSeconds:F1} s");
            ctx.Reporter.Info($"shortest path (steps): min {lengths[0]}, median {lengths[n / 2]}, max {lengths[^1]}");
            return CliApp.Ok;
        });
        return cmd;
    }
}
