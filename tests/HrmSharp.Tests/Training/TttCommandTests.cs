using System.Security.Cryptography;
using System.Text.Json.Nodes;
using HrmSharp.Data;
using HrmSharp.Modeling;
using HrmSharp.Training;

namespace HrmSharp.Tests.Training;

/// <summary>A tiny in-context checkpoint trained once for the CLI tests, on colour-map task folders.</summary>
public sealed class TttCheckpointFixture : IDisposable
{
    private readonly TempDir _dir = new();

    public TttCheckpointFixture()
    {
        Data = Path.Combine(_dir.Path, "arc");
        foreach (var split in new[] { "training", "evaluation" })
        {
            Directory.CreateDirectory(Path.Combine(Data, split));
            for (int i = 0; i < 3; i++)
            {
                var task = TttTasks.ColourMap($"{split[0]}{i}", split.Length * 10 + i, demos: 2 + i % 2, shift: 1 + i);
                TaskJsonWriter.Write(Path.Combine(Data, split, task.Id + ".json"), task);
            }
        }
        var config = TinyRuns.Synthetic(steps: 2) with
        {
            Data = new DataConfig
            {
                Kind = DataKind.Arc, Conditioning = Conditioning.Context, Path = Data, ContextTokensPerBatch = 256, EvalAugmentations = 2, EvalCount = 0, Seed = 1,
            },
            Model = TinyRuns.Synthetic().Model with { Conditioning = Conditioning.Context, PosEncodings = PosEncoding.Rope2d, PuzzleEmbNdim = 0, HaltMaxSteps = 2 },
        };
        Run = Path.Combine(_dir.Path, "run");
        var folder = new RunFolder(Run);
        using var trainer = RunSetup.Start(config, folder, resume: false);
        trainer.Run(folder, NullTrainingMonitor.Instance);
    }

    public string Data { get; }
    public string Run { get; }
    public string Root => _dir.Path;

    public void Dispose() => _dir.Dispose();
}

/// <summary>`hrm solve` and `hrm eval` with --ttt-*: the checkpoint is only read, 0 steps is no TTT, bad input is exit code 2.</summary>
public sealed class TttCommandTests(TttCheckpointFixture fixture) : IClassFixture<TttCheckpointFixture>
{
    private static (int Code, RecordingReporter Reporter) Cli(params string[] args)
    {
        var reporter = new RecordingReporter();
        int code = HrmSharp.Cli.CliApp.Run(args, new HrmSharp.Cli.CliContext(reporter, TextWriter.Null, TextWriter.Null));
        return (code, reporter);
    }

    private static Dictionary<string, string> Hashes(string folder) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(folder, f), f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))));

    private string Task => Path.Combine(fixture.Data, "evaluation", "e1.json");

    [Fact]
    public void SolveWithTttLeavesTheCheckpointByteIdenticalAndRepeatsItself()
    {
        var checkpoints = Path.Combine(fixture.Run, "checkpoints");
        var before = Hashes(checkpoints);
        string first = Path.Combine(fixture.Root, "ttt-1.json"), second = Path.Combine(fixture.Root, "ttt-2.json");

        var (code, reporter) = Cli("solve", Task, "--checkpoint", fixture.Run, "--views", "2", "--ttt-steps", "3", "--ttt-lr", "0.003", "--out", first);
        Assert.True(code == 0, string.Join("\n", reporter.Errors));
        Assert.Contains(reporter.Infos, l => l.StartsWith("e1: TTT 3 steps on 3 demo sequences, loss ", StringComparison.Ordinal) && l.EndsWith(" s", StringComparison.Ordinal));
        Assert.Equal(0, Cli("solve", Task, "--checkpoint", fixture.Run, "--views", "2", "--ttt-steps", "3", "--ttt-lr", "0.003", "--out", second).Code);

        Assert.Equal(before, Hashes(checkpoints));
        Assert.Equal(File.ReadAllText(first), File.ReadAllText(second));
    }

    [Fact]
    public void ZeroTttStepsIsExactlyNoTtt()
    {
        string plain = Path.Combine(fixture.Root, "plain.json"), zero = Path.Combine(fixture.Root, "zero.json");
        var (c1, r1) = Cli("solve", Task, "--checkpoint", fixture.Run, "--views", "3", "--out", plain);
        var (c2, r2) = Cli("solve", Task, "--checkpoint", fixture.Run, "--views", "3", "--ttt-steps", "0", "--out", zero);
        Assert.Equal((0, 0), (c1, c2));
        Assert.Equal(File.ReadAllText(plain), File.ReadAllText(zero));
        Assert.Equal(r1.Infos.Where(l => !l.StartsWith("submission:", StringComparison.Ordinal)),
                     r2.Infos.Where(l => !l.StartsWith("submission:", StringComparison.Ordinal)));
        Assert.DoesNotContain(r2.Infos, l => l.Contains("TTT", StringComparison.Ordinal));
    }

    [Fact]
    public void EvalWithTttRecordsItsSettingsAndTimes()
    {
        var outDir = Path.Combine(fixture.Root, "eval-ttt");
        var (code, reporter) = Cli("eval", "--checkpoint", fixture.Run, "--data", Path.Combine(fixture.Data, "evaluation"), "--tasks", "2",
            "--views", "2", "--ttt-steps", "2", "--ttt-params", "last", "--out", outDir);
        Assert.True(code == 0, string.Join("\n", reporter.Errors));
        Assert.Equal(2, reporter.Infos.Count(l => l.Contains(": TTT 2 steps", StringComparison.Ordinal)));

        var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "summary.json")))!.AsObject();
        Assert.Equal(2, summary["ttt_steps"]!.GetValue<double>());
        Assert.Equal("last", summary["ttt_params"]!.GetValue<string>());
        Assert.Equal(2, summary["ttt_tasks_adapted"]!.GetValue<double>());
        Assert.Equal(2, summary["ttt_mean_steps"]!.GetValue<double>());
        Assert.True(summary["ttt_seconds_per_task"]!.GetValue<double>() > 0);
        Assert.True(summary["eval_seconds_per_task"]!.GetValue<double>() >= summary["ttt_seconds_per_task"]!.GetValue<double>());
        var report = JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "report.json")))!;
        Assert.All(report["tasks"]!.AsArray(), t => Assert.Equal(2, t!["ttt"]!["steps"]!.GetValue<int>()));
        // --data is the whole evaluation: the training tasks' test inputs do not join it (no train_ figures).
        Assert.Equal(2, summary["eval_tasks"]!.GetValue<double>());
        Assert.DoesNotContain(summary, kv => kv.Key.StartsWith("train_", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("--ttt-steps", "-1", "--ttt-steps must not be negative, got -1")]
    [InlineData("--ttt-minutes", "-0.5", "--ttt-minutes must be a finite number ≥ 0, got -0.5")]
    [InlineData("--ttt-lr", "0", "--ttt-lr must be a finite number > 0, got 0")]
    [InlineData("--ttt-params", "norms", "--ttt-params: unknown subset 'norms' (expected one of: all, embeddings-heads, last)")]
    public void BadTttOptionsAreExitCode2WithTheProblem(string option, string value, string message)
    {
        foreach (var command in new[] { "solve", "eval" })
        {
            string[] budget = option == "--ttt-steps" ? [] : ["--ttt-steps", "1"];
            string[] args = command == "solve"
                ? ["solve", Task, "--checkpoint", fixture.Run, .. budget, $"{option}={value}"]
                : ["eval", "--checkpoint", fixture.Run, "--data", Path.Combine(fixture.Data, "evaluation"), .. budget, $"{option}={value}"];
            var (code, reporter) = Cli(args);
            Assert.Equal(2, code);
            Assert.Contains(message, reporter.Errors);
        }
    }

    [Fact]
    public void EvalRefusesTttOnAPuzzleIdCheckpoint()
    {
        var folder = new RunFolder(Path.Combine(fixture.Root, "puzzle-run"));
        using (var t = RunSetup.Start(TinyRuns.Synthetic(steps: 1) with { Data = TinyRuns.Synthetic().Data with { EvalCount = 4 } }, folder, resume: false))
            t.Run(folder, NullTrainingMonitor.Instance);
        var (code, reporter) = Cli("eval", "--checkpoint", folder.Root, "--ttt-steps", "2");
        Assert.Equal(2, code);
        Assert.Contains(reporter.Errors, e => e.Contains("test-time training needs an in-context model", StringComparison.Ordinal));
    }
}
