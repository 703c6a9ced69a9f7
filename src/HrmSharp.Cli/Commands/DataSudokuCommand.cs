using HrmSharp.Data;
using System.CommandLine;
using System.Diagnostics;
using HrmSharp.Data.Sudoku;

namespace HrmSharp.Cli.Commands;

/// <summary>`hrm data sudoku`: generate unique-solution Sudoku puzzles into a Sudoku-Extreme CSV.</summary>
public static class DataSudokuCommand
{
    public static Command Create(CliContext ctx)
    {
        var defaults = new SudokuGeneratorOptions();
        var count = new Option<int>("--count") { Description = "Number of puzzles.", DefaultValueFactory = _ => 1000 };
        var output = new Option<string>("--out") { Description = "Output CSV (source,question,answer,rating).", Required = true };
        var seed = new Option<int>("--seed") { Description = "Random seed; the same seed gives the same file.", DefaultValueFactory = _ => 0 };
        var minClues = new Option<int>("--min-clues") { Description = "Fewest clues to remove down to (17..81).", DefaultValueFactory = _ => defaults.MinClues };
        var maxClues = new Option<int>("--max-clues") { Description = "Most clues a puzzle may keep (17..81).", DefaultValueFactory = _ => defaults.MaxClues };
        var minEffort = new Option<long>("--min-effort") { Description = "Least solver effort (guesses) a puzzle must need.", DefaultValueFactory = _ => defaults.MinEffort };

        var cmd = new Command("sudoku", "Generate 9x9 Sudoku puzzles with a unique solution (Sudoku-Extreme CSV layout).")
        {
            count, output, seed, minClues, maxClues, minEffort,
        };
        cmd.SetAction(parse =>
        {
            int n = parse.GetValue(count);
            string path = parse.GetValue(output)!;
            int s = parse.GetValue(seed);
            var options = new SudokuGeneratorOptions(parse.GetValue(minClues), parse.GetValue(maxClues), parse.GetValue(minEffort));
            var problems = options.Problems().ToList();
            if (n < 1) problems.Insert(0, $"count {n} must be at least 1");
            HrmException.ThrowIfAny(problems);

            var clock = Stopwatch.StartNew();
            string source = $"hrmsharp-seed{s}";
            var puzzles = ctx.Reporter.Progress("sudoku", n, sink =>
                ParallelPuzzles.Generate(n, s, (rng, _) => SudokuGenerator.Generate(rng, options, source), () => sink.Advance(1)));
            SudokuCsv.Write(path, puzzles);

            var clues = puzzles.Select(p => (long)p.Clues).Order().ToArray();
            var effort = puzzles.Select(p => p.Effort).Order().ToArray();
            ctx.Reporter.Info($"wrote {n} sudoku puzzles to {path} in {clock.Elapsed.TotalSeconds:F1} s");
            ctx.Reporter.Info($"clues: min {clues[0]}, median {clues[n / 2]}, max {clues[^1]}; effort (guesses): min {effort[0]}, median {effort[n / 2]}, max {effort[^1]}");
            return CliApp.Ok;
        });
        return cmd;
    }
}
