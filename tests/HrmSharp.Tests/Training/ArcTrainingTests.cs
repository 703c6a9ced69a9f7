using System.Text.Json.Nodes;
using HrmSharp.Training;

namespace HrmSharp.Tests.Training;

/// <summary>The ARC pipeline end to end on the real ARC-1 folder (skipped without ../shared/data), with a tiny model.</summary>
public sealed class ArcTrainingTests
{
    [SkippableFact]
    public void TrainsEvaluatesWithVotingAndWritesASubmission()
    {
        var arc = TestPaths.RequireArc("arc-agi-1");
        using var dir = new TempDir();
        var run = Path.Combine(dir.Path, "arc");
        var (exit, rep) = RecordingReporter.Run("train", "--preset", "hrm-tiny", "--data", arc, "--steps", "2", "--out", run,
            "--set", "model.hidden_size=32", "--set", "model.num_heads=2", "--set", "model.puzzle_emb_ndim=32", "--set", "model.H_layers=1",
            "--set", "model.L_layers=1", "--set", "model.halt_max_steps=2", "--set", "batch_size=4", "--set", "eval_batch_size=8",
            "--set", "data.augmentations=1", "--set", "data.eval_tasks=3", "--set", "data.eval_augmentations=2", "--set", "threads=1");
        Assert.True(exit == 0, string.Join("\n", rep.Errors));

        var eval = Path.Combine(run, "eval");
        var submission = JsonNode.Parse(File.ReadAllText(Path.Combine(eval, "submission.json")))!.AsObject();
        Assert.Equal(3, submission.Count);
        foreach (var (_, attempts) in submission)
            Assert.All(attempts!.AsArray(), a => Assert.NotNull(a!["attempt_2"]));
        var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(eval, "summary.json")))!.AsObject();
        Assert.Equal(3, summary["tasks"]!.GetValue<double>());
        Assert.NotNull(summary["pass@2"]);
        Assert.NotNull(summary["token_accuracy"]);
        // The checkpoint carries the puzzle identifiers; eval rebuilds the same examples from them.
        var checkpoint = new RunFolder(run).LatestCheckpoint!;
        Assert.True(File.Exists(Path.Combine(checkpoint, Checkpoint.PuzzleIdsFile)));
        var again = Path.Combine(dir.Path, "again");
        (exit, rep) = RecordingReporter.Run("eval", "--checkpoint", run, "--out", again);
        Assert.True(exit == 0, string.Join("\n", rep.Errors));
        Assert.Equal(File.ReadAllText(Path.Combine(eval, "summary.json")), File.ReadAllText(Path.Combine(again, "summary.json")));
        Assert.Equal(File.ReadAllText(Path.Combine(eval, "submission.json")), File.ReadAllText(Path.Combine(again, "submission.json")));
    }
}
