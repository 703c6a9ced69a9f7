using HrmSharp.Tests.Data;
using System.Diagnostics;
using HrmSharp.IO;
using HrmSharp.Tests.Training;
using HrmSharp.Training;
using Xunit.Abstractions;

namespace HrmSharp.Tests.Distributed;

/// <summary>
/// Data-parallel training over MPI, two ranks on this machine: collectives exact, 2 ranks × half batch equal to 1 rank ×
/// whole batch, the same weights on every rank, a failing rank ending the job, stop and resume with 2 ranks.
/// Skipped with the reason where Open MPI's mpirun is not installed (scripts/setup installs it).
/// </summary>
public sealed class MpiTrainingTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string? Mpirun => new[] { "/usr/bin/mpirun", "/usr/local/bin/mpirun" }.FirstOrDefault(File.Exists);

    private static string Hrm => Path.Combine(AppContext.BaseDirectory, "hrm");

    /// <summary>Runs `mpirun` with one app context per entry of <paramref name="ranks"/> (MPMD: each rank its own arguments).</summary>
    private (int Exit, string Output) MpiRun(params string[][] ranks)
    {
        Skip.If(Mpirun is null, "Open MPI's mpirun is not installed (apt-get install openmpi-bin libopenmpi3; scripts/setup does it)");
        var psi = new ProcessStartInfo(Mpirun!) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "--oversubscribe", "--bind-to", "none", "-x", "OMP_NUM_THREADS=1", "-x", "HRM_TCMALLOC=0" })
            psi.ArgumentList.Add(a);
        // Root may run the tests (CI containers): Open MPI refuses root unless told it is meant.
        psi.Environment["OMPI_ALLOW_RUN_AS_ROOT"] = "1";
        psi.Environment["OMPI_ALLOW_RUN_AS_ROOT_CONFIRM"] = "1";
        psi.Environment["OMPI_MCA_btl"] = "self,vader"; // one machine: shared memory, no network probing
        for (int i = 0; i < ranks.Length; i++)
        {
            if (i > 0) psi.ArgumentList.Add(":");
            foreach (var a in new[] { "-np", "1", Hrm }.Concat(ranks[i]))
                psi.ArgumentList.Add(a);
        }
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException("mpirun did not finish in 3 minutes (a hung collective?)");
        }
        var text = stdout.Result + stderr.Result;
        output.WriteLine(text);
        return (p.ExitCode, text);
    }

    private (int Exit, string Output) TwoRanks(params string[] args) => MpiRun(args, args);

    private string Preset(long steps, int batch = 8)
    {
        var config = TinyRuns.Synthetic(steps) with { BatchSize = batch, CheckpointEvery = 2, KeepCheckpoints = 0, Streams = 1 };
        return TinyRuns.WritePreset(_dir.Path, config);
    }

    private static Dictionary<string, float[]> Weights(string run)
    {
        using var file = Safetensors.Read(Path.Combine(CheckpointFolders.Resolve(run), Checkpoint.ModelFile));
        return file.Names.ToDictionary(n => n, n => file[n].to(TorchSharp.torch.ScalarType.Float32).data<float>().ToArray());
    }

    [SkippableFact]
    public void CollectivesAreExact()
    {
        var (exit, text) = TwoRanks("bench", "allreduce", "--floats", "300000", "--repeat", "3");
        Assert.True(exit == 0, text);
        Assert.Contains("collectives exact on 2 ranks", text);
        Assert.Contains("MPI (Open MPI", text);
    }

    [SkippableFact]
    public void TwoRanksOfHalfABatchTrainAsOneRankOfTheWholeBatch()
    {
        var preset = Preset(steps: 4);
        var (exit, text) = TwoRanks("train", "--preset", preset, "--out", _dir.File("two"));
        Assert.True(exit == 0, text);
        Assert.Contains("data parallel: MPI (Open MPI", text);
        Assert.Contains("weights identical on all 2 ranks", text);
        var (single, rep) = RecordingReporter.Run("train", "--preset", preset, "--out", _dir.File("one"));
        Assert.True(single == 0, string.Join("\n", rep.AllLines));

        // Same data, same draws, same initial weights: only the order of float additions differs (two halves' gradient
        // sums added, against one sum), so after 4 optimiser steps the weights agree to float32 rounding.
        var two = Weights(_dir.File("two"));
        var one = Weights(_dir.File("one"));
        Assert.Equal(one.Keys.Order(), two.Keys.Order());
        double worst = 0;
        foreach (var (name, w) in one)
            for (int i = 0; i < w.Length; i++)
                worst = Math.Max(worst, Math.Abs(w[i] - two[name][i]) / (1e-3 + Math.Abs(w[i])));
        Assert.True(worst < 1e-3, $"largest relative difference {worst}");
        // And the training curve: the same losses step by step.
        static double[] Losses(string run) => [.. TrainerTests.TrainLines(Path.Combine(run, "metrics.jsonl"))
            .Select(l => System.Text.Json.Nodes.JsonNode.Parse(l)!["loss"]!.GetValue<double>())];
        var lossesOne = Losses(_dir.File("one"));
        var lossesTwo = Losses(_dir.File("two"));
        Assert.Equal(4, lossesTwo.Length);
        for (int s = 0; s < 4; s++)
            Assert.Equal(lossesOne[s], lossesTwo[s], 4);
    }

    /// <summary>In context (batches of whole tasks, a different number of rows every step, split unevenly) the same holds.</summary>
    [SkippableFact]
    public void InContextTwoRanksTrainAsOne()
    {
        var arc = TestTasks.WriteRecolourFolder(_dir.File("arc"), seed: 11);
        string[] Args(string run) => ["train", "--preset", "hrm-context-tiny", "--data", arc, "--steps", "3", "--out", run,
            "--set", "model.hidden_size=32", "--set", "model.num_heads=2", "--set", "model.L_layers=1", "--set", "threads=1",
            "--set", "streams=1", "--set", "dtype=float32", "--set", "data.synthetic_ratio=0.5", "--set", "data.context_tokens_per_batch=256"];
        var (exit, text) = TwoRanks(Args(_dir.File("two")));
        Assert.True(exit == 0, text);
        Assert.Contains("weights identical on all 2 ranks", text);
        var (single, rep) = RecordingReporter.Run(Args(_dir.File("one")));
        Assert.True(single == 0, string.Join("\n", rep.AllLines));
        var two = Weights(_dir.File("two"));
        foreach (var (name, w) in Weights(_dir.File("one")))
            for (int i = 0; i < w.Length; i++)
                Assert.True(Math.Abs(w[i] - two[name][i]) <= 1e-4 + 1e-3 * Math.Abs(w[i]), $"{name}[{i}]: {w[i]} against {two[name][i]}");
    }

    [SkippableFact]
    public void StopAndResumeWithTwoRanksContinuesExactly()
    {
        var (exit, text) = TwoRanks("train", "--preset", Preset(steps: 4), "--out", _dir.File("whole"));
        Assert.True(exit == 0, text);
        (exit, text) = TwoRanks("train", "--preset", Preset(steps: 2), "--out", _dir.File("parts"));
        Assert.True(exit == 0, text);
        (exit, text) = TwoRanks("train", "--out", _dir.File("parts"), "--resume", "--steps", "4");
        Assert.True(exit == 0, text);
        Assert.Contains("resumed from", text);

        var whole = Weights(_dir.File("whole"));
        var parts = Weights(_dir.File("parts"));
        foreach (var (name, w) in whole)
            Assert.True(w.AsSpan().SequenceEqual(parts[name]), $"{name} differs after resuming");
    }

    [SkippableFact]
    public void AFailingRankEndsTheWholeJob()
    {
        var preset = Preset(steps: 50);
        var clock = Stopwatch.StartNew();
        // Rank 1 is given data that does not exist; rank 0 would wait for it in the first collective.
        var (exit, text) = MpiRun(
            ["train", "--preset", preset, "--out", _dir.File("run")],
            ["train", "--preset", preset, "--out", _dir.File("run"), "--set", "data.kind=arc", "--data", _dir.File("missing")]);
        Assert.NotEqual(0, exit);
        Assert.Contains("rank 1: ", text);
        Assert.True(clock.Elapsed < TimeSpan.FromMinutes(2), "the job hung instead of ending");
    }
}
