using HrmSharp.Training;

namespace HrmSharp.Tests.Evaluation;

/// <summary>`hrm eval --shard i/N` and `hrm eval merge`: shards merged equal the unsharded run bit for bit; retries resume.</summary>
public sealed class ShardedEvaluationTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private (string Run, string Evaluation) TrainArc()
    {
        var (run, arc) = Training.TinyRuns.TrainArcPuzzleId(_dir.Path);
        return (run, Path.Combine(arc, "evaluation"));
    }

    private static void Ok((int Exit, RecordingReporter Rep) r) => Assert.True(r.Exit == 0, string.Join("\n", r.Rep.AllLines));

    [Fact]
    public void ShardsMergedEqualTheUnshardedRunBitForBit()
    {
        var (run, evaluation) = TrainArc();
        string[] common = ["--checkpoint", run, "--data", evaluation, "--batch-size", "3"];
        Ok(RecordingReporter.Run(["eval", .. common, "--out", _dir.File("whole")]));
        for (int i = 0; i < 3; i++)
            Ok(RecordingReporter.Run(["eval", .. common, "--shard", $"{i}/3", "--out", _dir.File($"shard{i}")]));
        var (exit, rep) = RecordingReporter.Run("eval", "merge", _dir.File("shard2"), _dir.File("shard0"), _dir.File("shard1"), "--out", _dir.File("merged"));
        Assert.True(exit == 0, string.Join("\n", rep.AllLines));
        foreach (var file in new[] { "summary.json", "report.json", "submission.json" })
            Assert.Equal(File.ReadAllBytes(_dir.File($"whole/{file}")), File.ReadAllBytes(_dir.File($"merged/{file}")));
        Assert.Contains("\"pass@2\"", File.ReadAllText(_dir.File("merged/summary.json")));
    }

    [Fact]
    public void ARetriedShardSkipsWhatIsDoneAndMergeChecksTheShards()
    {
        var (run, evaluation) = TrainArc();
        string[] common = ["--checkpoint", run, "--data", evaluation, "--batch-size", "2"];
        Ok(RecordingReporter.Run(["eval", .. common, "--shard", "0/2", "--out", _dir.File("s0")]));
        var (exit, rep) = RecordingReporter.Run(["eval", .. common, "--shard", "0/2", "--out", _dir.File("s0")]);
        Assert.Equal(0, exit);
        Assert.Contains(rep.Infos, l => l.StartsWith("shard 0/2: 0 batches computed, ", StringComparison.Ordinal));
        var batches = Directory.GetFiles(_dir.File("s0/batches")).Order().ToArray();
        File.WriteAllBytes(batches[^1], [1, 2, 3]); // a write cut short
        (exit, rep) = RecordingReporter.Run(["eval", .. common, "--shard", "0/2", "--out", _dir.File("s0")]);
        Assert.Contains(rep.Infos, l => l.StartsWith("shard 0/2: 1 batches computed, ", StringComparison.Ordinal));

        // Incomplete, duplicated, foreign.
        (exit, rep) = RecordingReporter.Run("eval", "merge", _dir.File("s0"), "--out", _dir.File("m"));
        Assert.Equal(2, exit);
        Assert.Equal(["shard 1/2 missing"], rep.Errors);
        (exit, rep) = RecordingReporter.Run("eval", "merge", _dir.File("s0"), _dir.File("s0"), "--out", _dir.File("m"));
        Assert.Equal(2, exit);
        Assert.Contains(rep.Errors, e => e.StartsWith("shard 0/2 given twice", StringComparison.Ordinal));
        Ok(RecordingReporter.Run(["eval", .. common, "--views", "2", "--shard", "1/2", "--out", _dir.File("s1-other")]));
        (exit, rep) = RecordingReporter.Run("eval", "merge", _dir.File("s0"), _dir.File("s1-other"), "--out", _dir.File("m"));
        Assert.Equal(2, exit);
        Assert.Contains(rep.Errors, e => e.Contains("of another evaluation"));
        // A shard folder reused for another shard is refused.
        (exit, rep) = RecordingReporter.Run(["eval", .. common, "--shard", "1/2", "--out", _dir.File("s0")]);
        Assert.Equal(2, exit);
        Assert.Contains("holds shard 0/2 of ", Assert.Single(rep.Errors));
    }

    [Fact]
    public void ShardsComeFromTheSchedulersEnvironment()
    {
        Dictionary<string, string> env = new() { ["SLURM_ARRAY_TASK_ID"] = "5", ["SLURM_ARRAY_TASK_COUNT"] = "4", ["SLURM_ARRAY_TASK_MIN"] = "3" };
        Assert.Equal(new EvalShard(2, 4), EvalShard.Parse("auto", environment: k => env.GetValueOrDefault(k)));
        env = new() { ["JOB_COMPLETION_INDEX"] = "3" };
        Assert.Equal(new EvalShard(3, 8), EvalShard.Parse("auto", 8, k => env.GetValueOrDefault(k)));
        Assert.Contains("needs --shards N", Assert.Throws<HrmException>(() => EvalShard.Parse("auto", null, k => env.GetValueOrDefault(k))).Message);
        Assert.Contains("neither SLURM_ARRAY_TASK_ID", Assert.Throws<HrmException>(() => EvalShard.Parse("auto", null, _ => null)).Message);
        Assert.Equal(new EvalShard(0, 1), EvalShard.Parse("0/1"));
        Assert.Equal("--shard: shard 3 is outside 0..2", Assert.Throws<HrmException>(() => EvalShard.Parse("3/3")).Message);
        Assert.Equal("--shard: '1-3' is not i/N (e.g. 0/4) or auto", Assert.Throws<HrmException>(() => EvalShard.Parse("1-3")).Message);
        Assert.True(new EvalShard(1, 3).Includes(4) && !new EvalShard(1, 3).Includes(5));
    }
}
