namespace HrmSharp.Data;

/// <summary>
/// Which task files of a data path are training and which are evaluation, in every published layout, so the two are
/// never mixed: a folder with <c>training/</c> and <c>evaluation/</c> inside (ARC-AGI-1, ARC-AGI-2, icl-peer); a folder of
/// Kaggle combined files side by side (<c>arc-agi_training_challenges.json</c>, <c>arc-agi_evaluation_challenges.json</c>,
/// each with its solutions beside it, as ARC Prize ships them: told apart by name, and the unlabelled
/// <c>..._test_challenges.json</c> left out); anything else (a folder of task files, one file) is training.
/// Several paths are separated by ';'. An explicit evaluation path replaces the one found inside (a whole data folder
/// given there means its evaluation subset).
/// </summary>
public sealed record ArcSubsets(IReadOnlyList<string> Training, string? Evaluation, IReadOnlyList<string> LeftOut)
{
    public static ArcSubsets Resolve(string dataPath, string? evalPath)
    {
        var training = new List<string>();
        var evaluation = new List<string>();
        var leftOut = new List<string>();
        foreach (var part in dataPath.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (Directory.Exists(Path.Combine(part, "training")))
            {
                training.Add(Path.Combine(part, "training"));
                if (Directory.Exists(Path.Combine(part, "evaluation")))
                    evaluation.Add(Path.Combine(part, "evaluation"));
                continue;
            }
            var challenges = Directory.Exists(part)
                ? Directory.EnumerateFiles(part, "*" + TaskLoader.ChallengesSuffix).Order(StringComparer.Ordinal).ToList()
                : [];
            if (challenges.Count == 0)
            {
                training.Add(part);
                continue;
            }
            var others = Directory.EnumerateFiles(part, "*.json", SearchOption.AllDirectories)
                .Where(f => !f.EndsWith(TaskLoader.ChallengesSuffix, StringComparison.Ordinal) && !f.EndsWith(TaskLoader.SolutionsSuffix, StringComparison.Ordinal))
                .Take(1).ToList();
            if (others.Count > 0)
                throw new HrmException($"{part}: holds Kaggle challenges files and task files ({Path.GetRelativePath(part, others[0])}) side by side; " +
                                       "point --data at one layout so training and evaluation tasks stay apart");
            foreach (var file in challenges)
            {
                var name = Path.GetFileName(file);
                if (name.Contains("training", StringComparison.OrdinalIgnoreCase))
                    training.Add(file);
                else if (name.Contains("evaluation", StringComparison.OrdinalIgnoreCase))
                    evaluation.Add(file);
                else
                    leftOut.Add(file);
            }
        }
        if (evaluation.Count > 1 && evalPath is null)
            throw new HrmException($"{dataPath}: holds {evaluation.Count} evaluation sets ({string.Join(", ", evaluation)}); name the one to score with data.eval_path");
        return new ArcSubsets(training, evalPath is null ? evaluation.SingleOrDefault() : EvaluationIn(evalPath), leftOut);
    }

    /// <summary>An evaluation path given as a whole data folder means its evaluation subset (never its training tasks).</summary>
    private static string EvaluationIn(string evalPath)
    {
        if (Directory.Exists(Path.Combine(evalPath, "evaluation")))
            return Path.Combine(evalPath, "evaluation");
        if (Directory.Exists(evalPath)
            && Directory.EnumerateFiles(evalPath, "*" + TaskLoader.ChallengesSuffix)
                .Where(f => Path.GetFileName(f).Contains("evaluation", StringComparison.OrdinalIgnoreCase)).ToList() is [var single])
            return single;
        return evalPath;
    }
}
