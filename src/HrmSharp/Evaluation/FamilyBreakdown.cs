using System.Text.Json.Nodes;
using HrmSharp.Data.Synthetic;
using HrmSharp.Encoding.Context;

namespace HrmSharp.Evaluation;

/// <summary>
/// Scores per generated-task family and per category (geometry, colour, objects, patterns), so an evaluation on
/// `hrm data synth` tasks says which kinds of rule a model reads from the demos (e.g. with and without the absolute 2D
/// features). A task belongs to a family when its id is the family's name, a dash and more (generated ids are
/// "rotate-90-00017"); the longest matching name wins. A task whose id matches no catalogue family but has a prefix
/// before its first dash ("hflip-0042" from another generator) forms a group of that prefix, category <see cref="Other"/>.
/// Tasks with neither (real ARC tasks) form the group <see cref="Other"/>; a set with no grouped task at all has no breakdown.
/// </summary>
public sealed record FamilyBreakdown(IReadOnlyList<GroupScores> Families, IReadOnlyList<GroupScores> Categories)
{
    public const string Other = "other";

    /// <summary>The catalogue family a task id was generated from, or null.</summary>
    public static TaskFamily? FamilyOf(string taskId)
    {
        TaskFamily? best = null;
        foreach (var family in FamilyCatalog.All)
            if (taskId.Length > family.Name.Length + 1 && taskId[family.Name.Length] == '-'
                && taskId.StartsWith(family.Name, StringComparison.Ordinal)
                && (best is null || family.Name.Length > best.Name.Length))
                best = family;
        return best;
    }

    /// <summary>The group a task id belongs to: its catalogue family's name, else its prefix before the first dash, else null.</summary>
    public static string? GroupOf(string taskId)
    {
        if (FamilyOf(taskId) is { } family) return family.Name;
        int dash = taskId.IndexOf('-');
        return dash > 0 ? taskId[..dash] : null;
    }

    /// <summary>
    /// Groups <paramref name="tasks"/> (an evaluation's task reports) with the identity-view scores of their test inputs
    /// (keyed by task id and test index; a test input without one, e.g. with an unknown answer, counts for pass@k only).
    /// Null when no task is a generated one. Families in catalogue order, categories in their enum order, then
    /// <see cref="Other"/>.
    /// </summary>
    public static FamilyBreakdown? Of(IReadOnlyList<ArcTaskReport> tasks, IReadOnlyDictionary<(string TaskId, int TestIndex), AnswerScore> identity)
    {
        var withFamily = tasks.Select(t => (Task: t, Family: FamilyOf(t.TaskId), Group: GroupOf(t.TaskId))).ToArray();
        if (withFamily.All(t => t.Group is null)) return null;

        string CategoryName(TaskFamily? f) => f is null ? Other : f.Category.ToString().ToLowerInvariant();
        var familyOrder = FamilyCatalog.All.Select(f => f.Name).ToList();
        var categoryOrder = Enum.GetNames<FamilyCategory>().Select(n => n.ToLowerInvariant()).Append(Other).ToList();
        // Catalogue families in catalogue order, then prefix groups by name, then the ungrouped tasks.
        (int, string) Order(string name) =>
            name == Other ? (2, "") : familyOrder.IndexOf(name) is var i and >= 0 ? (0, i.ToString("D4")) : (1, name);

        var families = withFamily
            .GroupBy(t => t.Group ?? Other)
            .OrderBy(g => Order(g.Key))
            .Select(g => Score(g.Key, CategoryName(g.First().Family), g.Select(t => t.Task), identity))
            .ToList();
        var categories = withFamily
            .GroupBy(t => CategoryName(t.Family))
            .OrderBy(g => categoryOrder.IndexOf(g.Key))
            .Select(g => Score(g.Key, g.Key, g.Select(t => t.Task), identity))
            .ToList();
        return new FamilyBreakdown(families, categories);
    }

    private static GroupScores Score(string name, string category, IEnumerable<ArcTaskReport> group,
        IReadOnlyDictionary<(string TaskId, int TestIndex), AnswerScore> identity)
    {
        var tasks = group.ToList();
        var scored = tasks.Where(t => t.Scored).ToList();
        double Rate(int k) => scored.Count == 0 ? 0 : (double)scored.Count(t => t.PassAt(k)) / scored.Count;
        var answers = tasks
            .SelectMany(t => t.Tests.Select(test => identity.TryGetValue((t.TaskId, test.Index), out var s) ? s : null))
            .OfType<AnswerScore>()
            .ToList();
        long tokens = answers.Sum(a => (long)a.Tokens), cells = answers.Sum(a => (long)a.AnswerCells);
        return new GroupScores(
            name, category, tasks.Count, scored.Count, Rate(1), Rate(2), answers.Count,
            answers.Count == 0 ? 0 : (double)answers.Count(a => a.SizeCorrect) / answers.Count,
            tokens == 0 ? 0 : (double)answers.Sum(a => (long)a.TokensRight) / tokens,
            cells == 0 ? 0 : (double)answers.Sum(a => (long)a.AnswerCellsRight) / cells);
    }

    /// <summary>{"families": {name: {...}}, "categories": {name: {...}}} for summary.json.</summary>
    public JsonObject ToJson()
    {
        static JsonObject Group(IEnumerable<GroupScores> rows, bool withCategory) => new(rows.Select(r => KeyValuePair.Create(r.Name, (JsonNode?)Row(r, withCategory))));
        static JsonObject Row(GroupScores r, bool withCategory)
        {
            var o = new JsonObject();
            if (withCategory) o["category"] = r.Category;
            o["tasks"] = r.Tasks;
            o["scored_tasks"] = r.ScoredTasks;
            o["pass@1"] = r.PassAt1;
            o["pass@2"] = r.PassAt2;
            o["answers"] = r.Answers;
            o["size_accuracy"] = r.SizeAccuracy;
            o["token_accuracy"] = r.TokenAccuracy;
            o["colour_accuracy"] = r.ColourAccuracy;
            return o;
        }
        return new JsonObject { ["families"] = Group(Families, true), ["categories"] = Group(Categories, false) };
    }
}
