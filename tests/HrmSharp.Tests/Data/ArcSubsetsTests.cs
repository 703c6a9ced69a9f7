using HrmSharp.Data;

namespace HrmSharp.Tests.Data;

/// <summary>Training and evaluation tasks stay apart in every layout, the Kaggle combined files ARC Prize ships included.</summary>
public sealed class ArcSubsetsTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string Task(string id, int colour) =>
        $$"""
        "{{id}}": {"train": [{"input": [[{{colour}}]], "output": [[{{(colour + 1) % 10}}]]}, {"input": [[{{colour}}, 0]], "output": [[{{(colour + 1) % 10}}, 1]]}],
                   "test": [{"input": [[{{colour}}]]}]}
        """;

    /// <summary>A Kaggle subset: {prefix}_challenges.json and, unless it is the hidden test set, {prefix}_solutions.json.</summary>
    private void WriteKaggle(string folder, string prefix, string[] ids, bool solutions = true)
    {
        _dir.Write($"{folder}/{prefix}_challenges.json", "{" + string.Join(",", ids.Select((id, i) => Task(id, i))) + "}");
        if (solutions)
            _dir.Write($"{folder}/{prefix}_solutions.json", "{" + string.Join(",", ids.Select((id, i) => $"\"{id}\": [[[{(i + 1) % 10}]]]")) + "}");
    }

    private string KaggleFolder()
    {
        WriteKaggle("kaggle", "arc-agi_training", ["t1", "t2", "t3"]);
        WriteKaggle("kaggle", "arc-agi_evaluation", ["e1", "e2"]);
        WriteKaggle("kaggle", "arc-agi_test", ["x1"], solutions: false);
        return _dir.File("kaggle");
    }

    [Fact]
    public void KaggleFilesSideBySideAreToldApartByName()
    {
        var s = ArcSubsets.Resolve(KaggleFolder(), evalPath: null);
        Assert.Equal([_dir.File("kaggle/arc-agi_training_challenges.json")], s.Training);
        Assert.Equal(_dir.File("kaggle/arc-agi_evaluation_challenges.json"), s.Evaluation);
        Assert.Equal([_dir.File("kaggle/arc-agi_test_challenges.json")], s.LeftOut);

        // `hrm eval --data FOLDER` names the whole folder: its evaluation subset is what is scored.
        Assert.Equal(_dir.File("kaggle/arc-agi_evaluation_challenges.json"), ArcSubsets.Resolve(KaggleFolder(), _dir.File("kaggle")).Evaluation);
    }

    [Fact]
    public void FolderLayoutsAreUnchanged()
    {
        _dir.Write("arc/training/a.json", "{}");
        _dir.Write("arc/evaluation/b.json", "{}");
        var s = ArcSubsets.Resolve(_dir.File("arc"), null);
        Assert.Equal([_dir.File("arc/training")], s.Training);
        Assert.Equal(_dir.File("arc/evaluation"), s.Evaluation);
        Assert.Equal(_dir.File("arc/evaluation"), ArcSubsets.Resolve(_dir.File("arc"), _dir.File("arc")).Evaluation);

        _dir.Write("flat/a.json", "{}");
        Assert.Equal([_dir.File("flat")], ArcSubsets.Resolve(_dir.File("flat"), null).Training);
        Assert.Null(ArcSubsets.Resolve(_dir.File("flat"), null).Evaluation);
    }

    [Fact]
    public void AmbiguousLayoutsAreRefused()
    {
        WriteKaggle("mixed", "arc-agi_training", ["t1"]);
        _dir.Write("mixed/extra/abc.json", "{}");
        var ex = Assert.Throws<HrmException>(() => ArcSubsets.Resolve(_dir.File("mixed"), null));
        Assert.Contains("holds Kaggle challenges files and task files (extra/abc.json) side by side", ex.Message);

        WriteKaggle("two", "arc-agi_evaluation", ["e1"]);
        WriteKaggle("two", "arc-agi-2_evaluation", ["e2"]);
        ex = Assert.Throws<HrmException>(() => ArcSubsets.Resolve(_dir.File("two"), null));
        Assert.Contains("holds 2 evaluation sets", ex.Message);
    }

    [Fact]
    public void InContextTrainingOnKaggleFilesKeepsTheEvaluationTasksUnseen()
    {
        var data = KaggleFolder();
        var run = _dir.File("run");
        var (exit, rep) = RecordingReporter.Run("train", "--preset", "hrm-context-tiny", "--data", data, "--steps", "1", "--out", run,
            "--set", "model.hidden_size=32", "--set", "model.num_heads=2", "--set", "model.L_layers=1", "--set", "threads=1",
            "--set", "dtype=float32", "--set", "data.synthetic_ratio=0");
        Assert.True(exit == 0, string.Join("\n", rep.AllLines));
        // t1..t3 trained on (their test pairs too, as the preset says); e1, e2 scored, never trained on; x1 left out.
        Assert.Contains("data: 3 tasks in context, packed (9 leave-one-out sequences per epoch)", rep.Infos);
        var summary = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "eval", "summary.json"))).RootElement;
        Assert.Equal(2, summary.GetProperty("eval_tasks").GetDouble());
        // Whether a one-step model's answers decode to grids is chance (it varies with the seed and the features):
        // what this checks is which tasks were scored.
        var report = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "eval", "report.json"))).RootElement;
        Assert.Equal(["e1", "e2"], report.GetProperty("tasks").EnumerateArray().Select(t => t.GetProperty("task_id").GetString()).Order());
        Assert.Contains(rep.Infos, l => l.Contains("eval_distinct_answers "));

        // Scoring a checkpoint on tasks it trained on is a diagnostic `hrm eval` allows (nothing is trained there).
        var (evalExit, evalRep) = RecordingReporter.Run("eval", "--checkpoint", run, "--data", _dir.File("kaggle/arc-agi_training_challenges.json"), "--out", _dir.File("fit"));
        Assert.True(evalExit == 0, string.Join("\n", evalRep.AllLines));
        // ... and says so instead of calling them unseen.
        Assert.Contains(rep.Infos, l => l.Contains("and 2 unseen evaluation tasks"));
        Assert.Contains(evalRep.Infos, l => l.Contains("and 3 evaluation tasks (3 of them in the training data, so not unseen)"));

        // The same task on both sides of a training run: refused rather than scored after training on it.
        WriteKaggle("leaky", "arc-agi_training", ["t1", "e1"]);
        WriteKaggle("leaky", "arc-agi_evaluation", ["e1"]);
        (exit, rep) = RecordingReporter.Run("train", "--preset", "hrm-context-tiny", "--data", _dir.File("leaky"), "--steps", "1", "--out", _dir.File("run2"));
        Assert.Equal(2, exit);
        Assert.Contains("task e1 is in both the training data", Assert.Single(rep.Errors));
    }
}
