using System.CommandLine;
using HrmSharp.Training;

namespace HrmSharp.Cli.Commands;

/// <summary>
/// `hrm train curriculum PLAN --out RUN`: the stages of a curriculum file one after another, each an ordinary run folder
/// starting from the previous stage's weights. The same command again continues: finished stages are skipped, the
/// interrupted one resumes exactly, so a long curriculum can be carried across sessions or scheduler jobs.
/// </summary>
public static class CurriculumCommand
{
    public static Command Create(CliContext ctx)
    {
        var plan = new Argument<string>("curriculum") { Description = $"A curriculum file, or the name of one in configs/curricula ({string.Join(", ", Names())})." };
        var output = new Option<string>("--out") { Description = "The curriculum's folder; stage k trains in OUT/k-name.", Required = true };
        var data = new Option<string?>("--data") { Description = "Training data for every stage (sets data.path)." };
        var set = new Option<string[]>("--set")
        {
            Description = "Override a config field in every stage, after the stage's own settings (repeatable).",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var cmd = new Command("curriculum", "Train the stages of a curriculum in order, each from the previous stage's weights; run it again to continue where it stopped.")
        {
            plan, output, data, set,
        };
        cmd.SetAction(parse => TrainCommand.AsJob(ctx, (r, world) =>
        {
            var curriculum = Curriculum.Load(Resolve(parse.GetValue(plan)!));
            string root = parse.GetValue(output)!;
            var extra = new List<string>(parse.GetValue(set) ?? []);
            if (parse.GetValue(data) is { } d) extra.Add($"data.path={d}");
            // Every stage's config first: a typo in the last stage must not wait hours to surface.
            var configs = Enumerable.Range(0, curriculum.Stages.Count).Select(i => curriculum.StageConfig(i, root, extra).Validate()).ToList();
            r.Info($"curriculum {curriculum.Name}: {curriculum.Stages.Count} stages in {root}" +
                   (curriculum.Description.Length > 0 ? $" ({curriculum.Description})" : ""));
            for (int i = 0; i < configs.Count; i++)
            {
                string folder = curriculum.StageFolder(root, i);
                var status = Curriculum.Status(folder, configs[i]);
                string label = $"stage {i + 1}/{configs.Count} {curriculum.Stages[i].Name}";
                if (status == StageStatus.Done)
                {
                    r.Info($"{label}: done ({folder}); skipped");
                    continue;
                }
                r.Info($"{label}: {(status == StageStatus.Started ? "resuming" : "starting")} in {folder}");
                if (!TrainCommand.Run(configs[i], folder, resuming: status == StageStatus.Started, r, world))
                {
                    r.Info($"stopped in {label}; run the same command again to continue");
                    return CliApp.Ok;
                }
            }
            r.Info($"curriculum {curriculum.Name} done: the final weights are in {curriculum.StageFolder(root, configs.Count - 1)}");
            return CliApp.Ok;
        }));
        return cmd;
    }

    private static string Folder => Path.Combine(Presets.Folder, "curricula");

    private static IEnumerable<string> Names() =>
        Directory.Exists(Folder) ? Directory.EnumerateFiles(Folder, "*.json").Select(f => Path.GetFileNameWithoutExtension(f)!).Order(StringComparer.Ordinal) : [];

    private static string Resolve(string nameOrPath)
    {
        if (File.Exists(nameOrPath) || nameOrPath.EndsWith(".json", StringComparison.OrdinalIgnoreCase)) return nameOrPath;
        var file = Path.Combine(Folder, nameOrPath + ".json");
        return File.Exists(file)
            ? file
            : throw new HrmException($"unknown curriculum '{nameOrPath}' (available: {string.Join(", ", Names())}; or give a path to a .json file)");
    }
}
