using HrmSharp.Tests.Training.Context;
using HrmSharp.Training;

namespace HrmSharp.Tests.Training;

/// <summary>`hrm train curriculum`: stages in order, each from the previous one's weights, continued where it stopped.</summary>
public sealed class CurriculumTests
{
    private static (int Exit, RecordingReporter Reporter) Run(params string[] args) => RecordingReporter.Run(args);

    [Fact]
    public void StagesRunInOrderFromThePreviousWeightsAndARerunContinuesWhereItStopped()
    {
        using var dir = new TempDir();
        var data = ContextTrainingRunTests.WriteArcFolder(Path.Combine(dir.Path, "arc"), 4);
        var preset = TinyRuns.WritePreset(dir.Path, ContextTrainingRunTests.Config(data, 1) with { CheckpointEvery = 0 });
        var plan = Path.Combine(dir.Path, "plan.json");
        File.WriteAllText(plan, $$"""
            // two stages of the same tiny model
            { "name": "tiny", "stages": [
                { "name": "first", "preset": "{{Path.GetFileName(preset)}}", "set": ["steps=2", "data.eval_count=0"] },
                { "name": "second", "preset": "{{Path.GetFileName(preset)}}", "set": ["steps=2", "data.seed=5"] } ] }
            """);
        var root = Path.Combine(dir.Path, "run");

        // A first session that stops early (every stage capped at one step here): both stages start, the second from the first.
        var (exit, rep) = Run("train", "curriculum", plan, "--out", root, "--set", "steps=1");
        Assert.True(exit == 0, string.Join("\n", rep.AllLines));
        Assert.Contains(rep.Infos, l => l.StartsWith("stage 1/2 first: starting", StringComparison.Ordinal));
        Assert.Contains(rep.Infos, l => l.StartsWith("stage 2/2 second: starting", StringComparison.Ordinal));
        var second = TrainConfig.Load(Path.Combine(root, "2-second", "config.json"));
        Assert.Equal(Path.Combine(root, "1-first"), second.InitFrom);
        Assert.Equal(5, second.Data.Seed);
        Assert.Null(TrainConfig.Load(Path.Combine(root, "1-first", "config.json")).InitFrom);

        // The next session, the plan's own budgets: each stage resumes its own checkpoint to step 2.
        (exit, rep) = Run("train", "curriculum", plan, "--out", root);
        Assert.True(exit == 0, string.Join("\n", rep.AllLines));
        Assert.Contains(rep.Infos, l => l.StartsWith("stage 1/2 first: resuming", StringComparison.Ordinal));
        Assert.Contains(rep.Infos, l => l.StartsWith("stage 2/2 second: resuming", StringComparison.Ordinal));
        foreach (var stage in new[] { "1-first", "2-second" })
            Assert.Equal(2, Checkpoint.ReadInfo(CheckpointFolders.Resolve(Path.Combine(root, stage))).Step);
        Assert.True(File.Exists(Path.Combine(root, "2-second", "eval", "summary.json")));

        // Done: nothing left to train.
        (exit, rep) = Run("train", "curriculum", plan, "--out", root);
        Assert.Equal(0, exit);
        Assert.Equal(2, rep.Infos.Count(l => l.Contains(": done (", StringComparison.Ordinal) && l.EndsWith("skipped", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("""{ "stages": [] }""", "a curriculum needs at least one stage")]
    [InlineData("""{ "stages": [ { "name": "a/b", "preset": "hrm-context-tiny" } ] }""", "stages[0].name 'a/b' must be letters")]
    [InlineData("""{ "stages": [ { "name": "a", "preset": "hrm-context-tiny" }, { "name": "a", "preset": "hrm-context-tiny" } ] }""", "stages[1].name 'a' is used twice")]
    [InlineData("""{ "stages": [ { "name": "a", "preset": "hrm-context-tiny", "epochs": 3 } ] }""", "epochs")]
    [InlineData("""{ "stages": [ { "name": "a", "preset": "no-such-preset", "set": ["minutes=1"] } ] }""", "unknown preset 'no-such-preset'")]
    [InlineData("""{ "stages": [ { "name": "a", "preset": "hrm-context-tiny", "set": ["minutes=1", "model.hidden_sise=3"] } ] }""", "hidden_sise")]
    public void ABadCurriculumEndsWithOneMessageAndExitCode2BeforeAnyTraining(string json, string message)
    {
        using var dir = new TempDir();
        var plan = Path.Combine(dir.Path, "plan.json");
        File.WriteAllText(plan, json);
        var (exit, rep) = Run("train", "curriculum", plan, "--out", Path.Combine(dir.Path, "run"), "--data", dir.Path);
        Assert.Equal(2, exit);
        Assert.Contains(rep.Errors, e => e.Contains(message, StringComparison.Ordinal));
        Assert.False(Directory.Exists(Path.Combine(dir.Path, "run")));
    }

    [Fact]
    public void TheShippedArcCurriculumLoadsAndBuildsEveryStage()
    {
        var curriculum = Curriculum.Load(Path.Combine(Presets.Folder, "curricula", "hrm-context-arc.json"));
        var configs = Enumerable.Range(0, curriculum.Stages.Count)
            .Select(i => curriculum.StageConfig(i, "runs/x", ["data.path=somewhere"]).Validate()).ToList();
        Assert.True(configs.Sum(c => c.Minutes) <= 180, "the ARC curriculum is sized for 3 CPU-hours");
        Assert.Null(configs[0].InitFrom);
        Assert.Equal(curriculum.StageFolder("runs/x", 0), configs[1].InitFrom);
        Assert.NotEqual(0, configs[^1].Data.EvalCount); // the last stage scores the evaluation tasks
    }
}
