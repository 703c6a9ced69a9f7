using System.Text.Json;
using HrmSharp.IO;

namespace HrmSharp.Training;

/// <summary>One stage of a <see cref="Curriculum"/>: a preset with overrides, trained as an ordinary run.</summary>
public sealed record CurriculumStage
{
    /// <summary>Names the stage's run folder (<c>RUN/1-name</c>): letters, digits, '-' and '_'.</summary>
    public required string Name { get; init; }
    /// <summary>A preset name or a config file (relative paths: beside the curriculum file).</summary>
    public required string Preset { get; init; }
    /// <summary><c>key=value</c> overrides of the preset, as <c>--set</c> takes them (the budget goes here).</summary>
    public IReadOnlyList<string> Set { get; init; } = [];
}

/// <summary>
/// A training curriculum: stages run one after another, each an ordinary run folder (<c>RUN/1-name</c>, <c>RUN/2-name</c>,
/// ...) that starts from the previous stage's weights (<see cref="TrainConfig.InitFrom"/>), e.g. generated tasks on small
/// grids, then larger grids, then ARC tasks mixed with generated ones. Plain data in a JSON file. Running it again
/// continues where it stopped: finished stages (their budget reached) are skipped, an interrupted one resumes exactly.
/// </summary>
public sealed record Curriculum
{
    public string Name { get; init; } = "curriculum";
    /// <summary>What the curriculum is for (shown when it starts).</summary>
    public string Description { get; init; } = "";
    public IReadOnlyList<CurriculumStage> Stages { get; init; } = [];
    /// <summary>The file's folder: relative preset paths resolve against it.</summary>
    [System.Text.Json.Serialization.JsonIgnore] public string BaseDirectory { get; init; } = ".";

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    public static Curriculum Load(string path)
    {
        if (!File.Exists(path)) throw new HrmException($"{path}: curriculum file not found");
        Curriculum? plan;
        try
        {
            plan = JsonSerializer.Deserialize<Curriculum>(File.ReadAllText(path), Json);
        }
        catch (JsonException ex)
        {
            throw new HrmException(JsonInput.InvalidValue(path, ex));
        }
        if (plan is null) throw new HrmException($"{path}: expected a JSON object");
        plan = plan with { BaseDirectory = Path.GetDirectoryName(Path.GetFullPath(path))! };
        var problems = plan.Problems().Select(p => $"{path}: {p}").ToList();
        HrmException.ThrowIfAny(problems);
        return plan;
    }

    public IEnumerable<string> Problems()
    {
        if (Stages.Count == 0) yield return "stages: a curriculum needs at least one stage";
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < Stages.Count; i++)
        {
            var s = Stages[i];
            if (string.IsNullOrEmpty(s.Name) || !s.Name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
                yield return $"stages[{i}].name '{s.Name}' must be letters, digits, '-' or '_' (it names the stage's folder)";
            else if (!seen.Add(s.Name))
                yield return $"stages[{i}].name '{s.Name}' is used twice";
            if (string.IsNullOrEmpty(s.Preset)) yield return $"stages[{i}].preset is empty";
            foreach (var set in s.Set)
                if (set.StartsWith("init_from=", StringComparison.Ordinal) && i > 0)
                    yield return $"stages[{i}].set: init_from is the previous stage's folder (only the first stage may name one)";
        }
    }

    /// <summary>Stage <paramref name="index"/>'s run folder under <paramref name="root"/>.</summary>
    public string StageFolder(string root, int index) => Path.Combine(root, $"{index + 1}-{Stages[index].Name}");

    /// <summary>
    /// Stage <paramref name="index"/>'s config: its preset, its overrides, then <paramref name="extra"/> (the command
    /// line's, for every stage), and from the second stage on a warm start from the previous stage's folder.
    /// </summary>
    public TrainConfig StageConfig(int index, string root, IEnumerable<string> extra)
    {
        var stage = Stages[index];
        string preset = stage.Preset.EndsWith(".json", StringComparison.OrdinalIgnoreCase) && !Path.IsPathRooted(stage.Preset)
            ? Path.Combine(BaseDirectory, stage.Preset)
            : stage.Preset;
        var assignments = new List<string>(stage.Set);
        assignments.AddRange(extra);
        if (index > 0) assignments.Add($"init_from={StageFolder(root, index - 1)}");
        var config = ConfigOverrides.Apply(Presets.Load(preset), assignments);
        return config with { Name = $"{Name}/{stage.Name}" };
    }

    /// <summary>Where a stage's folder stands: not started, part-way (resume it) or done (its latest checkpoint reached the budget
    /// of <paramref name="config"/>, the stage's config now).</summary>
    public static StageStatus Status(string folder, TrainConfig config)
    {
        var checkpoints = Path.Combine(folder, "checkpoints");
        if (!Directory.Exists(checkpoints) || CheckpointFolders.Latest(checkpoints) is not { } latest)
            return StageStatus.NotStarted;
        var info = Checkpoint.ReadInfo(latest);
        return config.BudgetReached(info.Step, info.ElapsedSeconds) ? StageStatus.Done : StageStatus.Started;
    }
}

public enum StageStatus { NotStarted, Started, Done }
