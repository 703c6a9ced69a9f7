using HrmSharp.Data;
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

/// <summary>In-context evaluation and test-time training sharded by chunks of tasks: merged equal to the unsharded run.</summary>
public sealed class InContextShardingTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>A tiny in-context checkpoint and an evaluation folder of 19 tasks (3 chunks of 8, 19 with TTT).</summary>
    private (string Run, string Evaluation) Train()
    {
        var data = Training.Context.ContextTrainingRunTests.WriteArcFolder(_dir.File("arc"), 7);
        var rng = new Random(3);
        var evaluation = _dir.File("eval-tasks");
        Directory.CreateDirectory(evaluation);
        for (int i = 0; i < 19; i++)
        {
            Pair P()
            {
                var g = Grid.Create(rng.Next(1, 5), rng.Next(1, 5), (_, _) => rng.Next(10));
                return new Pair(g, Grid.Create(g.Rows, g.Cols, (r, c) => (g[r, c] + 3) % 10));
            }
            var task = new ArcTask($"x{i:D2}", [P(), P()], i % 5 == 0 ? [P(), P()] : [P()]);
            TaskJsonWriter.Write(Path.Combine(evaluation, task.Id + ".json"), task);
        }
        var run = new RunFolder(_dir.File("run"));
        using (var t = RunSetup.Start(Training.Context.ContextTrainingRunTests.Config(data, steps: 3), run, resume: false))
            t.Run(run, NullTrainingMonitor.Instance);
        return (run.Root, evaluation);
    }

    private static void Ok((int Exit, RecordingReporter Rep) r) => Assert.True(r.Exit == 0, string.Join("\n", r.Rep.AllLines));

    /// <summary>A result file without its timings (wall-clock seconds differ between any two runs).</summary>
    private static string WithoutTimings(string path)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(path))!;
        void Strip(System.Text.Json.Nodes.JsonNode? n)
        {
            if (n is System.Text.Json.Nodes.JsonObject o)
            {
                foreach (var key in o.Select(kv => kv.Key).Where(k => k.Contains("seconds", StringComparison.Ordinal)).ToList()) o.Remove(key);
                foreach (var (_, v) in o) Strip(v);
            }
            else if (n is System.Text.Json.Nodes.JsonArray a)
            {
                foreach (var v in a) Strip(v);
            }
        }
        Strip(node);
        return node.ToJsonString();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ShardsMergedEqualTheUnshardedRunAndARetriedShardResumes(bool ttt)
    {
        var (run, evaluation) = Train();
        string[] common = ["--checkpoint", run, "--data", evaluation, "--views", "2", .. ttt ? new[] { "--ttt-steps", "2" } : []];
        Ok(RecordingReporter.Run(["eval", .. common, "--out", _dir.File("whole")]));
        for (int i = 0; i < 3; i++)
            Ok(RecordingReporter.Run(["eval", .. common, "--shard", $"{i}/3", "--out", _dir.File($"shard{i}")]));

        // A retry computes nothing more; a lost chunk is computed again.
        var (exit, rep) = RecordingReporter.Run(["eval", .. common, "--shard", "1/3", "--out", _dir.File("shard1")]);
        Assert.True(exit == 0, string.Join("\n", rep.AllLines));
        Assert.Contains(rep.Infos, l => l.StartsWith("shard 1/3: 0 chunks computed, ", StringComparison.Ordinal));
        File.Delete(Directory.GetFiles(_dir.File("shard1/chunks")).Order().First());
        (exit, rep) = RecordingReporter.Run(["eval", .. common, "--shard", "1/3", "--out", _dir.File("shard1")]);
        Assert.Contains(rep.Infos, l => l.StartsWith("shard 1/3: 1 chunks computed, ", StringComparison.Ordinal));

        (exit, rep) = RecordingReporter.Run("eval", "merge", _dir.File("shard2"), _dir.File("shard0"), _dir.File("shard1"), "--out", _dir.File("merged"));
        Assert.True(exit == 0, string.Join("\n", rep.AllLines));
        Assert.Equal(File.ReadAllBytes(_dir.File("whole/submission.json")), File.ReadAllBytes(_dir.File("merged/submission.json")));
        foreach (var file in new[] { "summary.json", "report.json" })
            Assert.Equal(WithoutTimings(_dir.File($"whole/{file}")), WithoutTimings(_dir.File($"merged/{file}")));
        Assert.Contains("eval_pass@2", File.ReadAllText(_dir.File("merged/summary.json")));
        if (ttt) Assert.Contains("\"ttt\"", File.ReadAllText(_dir.File("merged/report.json")));

        // A shard missing, or one with other settings.
        (exit, rep) = RecordingReporter.Run("eval", "merge", _dir.File("shard0"), _dir.File("shard1"), "--out", _dir.File("m"));
        Assert.Equal(2, exit);
        Assert.Equal(["shard 2/3 missing"], rep.Errors);
        Ok(RecordingReporter.Run(["eval", "--checkpoint", run, "--data", evaluation, "--views", "3", "--shard", "2/3", "--out", _dir.File("other")]));
        (exit, rep) = RecordingReporter.Run("eval", "merge", _dir.File("shard0"), _dir.File("shard1"), _dir.File("other"), "--out", _dir.File("m"));
        Assert.Equal(2, exit);
        Assert.Contains(rep.Errors, e => e.Contains("of another evaluation", StringComparison.Ordinal));
    }
}
