using System.Text.Json.Nodes;
using HrmSharp.Data;
using HrmSharp.Encoding.Context;
using HrmSharp.Evaluation;
using HrmSharp.Training;

namespace HrmSharp.Tests.Evaluation;

/// <summary>Per-family and per-category scores of an evaluation on generated tasks, on a hand-built set of results.</summary>
public sealed class FamilyBreakdownTests
{
    private static readonly Grid Answer = Grid.Filled(2, 2, 3);

    /// <summary>A test input whose right answer was ranked <paramref name="rank"/> (null: never), or with an unknown answer.</summary>
    private static TestInputReport Test(int index, int? rank, bool known = true) =>
        new(index, known ? Answer : null, Predictions: 4, DistinctCandidates: 2, Attempts: [], CorrectRank: known ? rank : null);

    private static AnswerScore Score(bool size, int right, int tokens) => new(size, CellsCorrect: false, right, tokens);

    /// <summary>
    /// rotate-90: task A solved at 1 (both tests rank 1), task B at 2. flip-horizontal: task C unsolved.
    /// colour-map: task D with an unknown answer (not scored). One real ARC task.
    /// </summary>
    private static (ArcTaskReport[] Tasks, Dictionary<(string, int), AnswerScore> Identity) Results()
    {
        var tasks = new[]
        {
            new ArcTaskReport("rotate-90-00001", [Test(0, 1), Test(1, 1)]),
            new ArcTaskReport("rotate-90-00044", [Test(0, 2)]),
            new ArcTaskReport("flip-horizontal-00002", [Test(0, null)]),
            new ArcTaskReport("colour-map-00014", [Test(0, null, known: false)]),
            new ArcTaskReport("00576224", [Test(0, 1)]),
        };
        var identity = new Dictionary<(string, int), AnswerScore>
        {
            [("rotate-90-00001", 0)] = Score(true, 9, 9),
            [("rotate-90-00001", 1)] = Score(true, 4, 4),
            [("rotate-90-00044", 0)] = Score(false, 3, 7),
            [("flip-horizontal-00002", 0)] = Score(true, 0, 20),
            [("00576224", 0)] = Score(true, 6, 6),
        };
        return (tasks, identity);
    }

    [Theory]
    [InlineData("rotate-90-00017", "rotate-90")]
    [InlineData("rotate-180-00001", "rotate-180")]
    [InlineData("crop-largest-object-00003", "crop-largest-object")]
    [InlineData("logic-xor-12345", "logic-xor")]
    [InlineData("rotate-90", null)]      // a name alone is not a generated id
    [InlineData("rotate-9-00001", null)]
    [InlineData("00576224", null)]
    public void TaskIdsMapToTheirFamily(string id, string? family) =>
        Assert.Equal(family, FamilyBreakdown.FamilyOf(id)?.Name);

    [Fact]
    public void FamiliesAreScoredApartInCatalogueOrderWithRealTasksLast()
    {
        var (tasks, identity) = Results();
        var b = FamilyBreakdown.Of(tasks, identity)!;
        Assert.Equal(["flip-horizontal", "rotate-90", "colour-map", "other"], b.Families.Select(f => f.Name));

        var rot = b.Families.Single(f => f.Name == "rotate-90");
        Assert.Equal(("geometry", 2, 2), (rot.Category, rot.Tasks, rot.ScoredTasks));
        Assert.Equal(0.5, rot.PassAt1);  // A at 1; B only at 2
        Assert.Equal(1.0, rot.PassAt2);
        Assert.Equal(3, rot.Answers);
        Assert.Equal(2.0 / 3, rot.SizeAccuracy, 12);
        Assert.Equal((9 + 4 + 3) / 20.0, rot.TokenAccuracy, 12); // pooled over canvas cells

        var flip = b.Families.Single(f => f.Name == "flip-horizontal");
        Assert.Equal((1, 0.0, 0.0, 1.0, 0.0), (flip.Tasks, flip.PassAt1, flip.PassAt2, flip.SizeAccuracy, flip.TokenAccuracy));

        // Unknown answer: a task but not scored, and no identity answer.
        var colour = b.Families.Single(f => f.Name == "colour-map");
        Assert.Equal(("colour", 1, 0, 0, 0.0), (colour.Category, colour.Tasks, colour.ScoredTasks, colour.Answers, colour.PassAt2));

        var other = b.Families.Single(f => f.Name == FamilyBreakdown.Other);
        Assert.Equal((FamilyBreakdown.Other, 1, 1.0), (other.Category, other.Tasks, other.PassAt1));
    }

    [Fact]
    public void CategoriesPoolTheirFamilies()
    {
        var (tasks, identity) = Results();
        var b = FamilyBreakdown.Of(tasks, identity)!;
        Assert.Equal(["geometry", "colour", "other"], b.Categories.Select(c => c.Name));
        var geometry = b.Categories[0];
        Assert.Equal((3, 3), (geometry.Tasks, geometry.ScoredTasks));
        Assert.Equal(1.0 / 3, geometry.PassAt1, 12);
        Assert.Equal(2.0 / 3, geometry.PassAt2, 12);
        Assert.Equal(4, geometry.Answers);
        Assert.Equal(3.0 / 4, geometry.SizeAccuracy, 12);
        Assert.Equal(16.0 / 40, geometry.TokenAccuracy, 12);
    }

    [Fact]
    public void IdsOfAnotherGeneratorAreGroupedByTheirPrefixAfterTheCatalogueFamilies()
    {
        var tasks = new[]
        {
            new ArcTaskReport("swap-0001", [Test(0, 1)]),
            new ArcTaskReport("hflip-0002", [Test(0, null)]),
            new ArcTaskReport("hflip-0003", [Test(0, 1)]),
            new ArcTaskReport("rotate-90-00004", [Test(0, 1)]),
            new ArcTaskReport("00576224", [Test(0, 1)]),
        };
        var identity = new Dictionary<(string, int), AnswerScore>
        {
            [("hflip-0002", 0)] = new(true, false, 5, 9, 3, 4),
            [("hflip-0003", 0)] = new(true, true, 9, 9, 4, 4),
        };
        var b = FamilyBreakdown.Of(tasks, identity)!;
        Assert.Equal(["rotate-90", "hflip", "swap", FamilyBreakdown.Other], b.Families.Select(f => f.Name));
        var hflip = b.Families.Single(f => f.Name == "hflip");
        Assert.Equal((FamilyBreakdown.Other, 2, 0.5), (hflip.Category, hflip.Tasks, hflip.PassAt1));
        Assert.Equal(7.0 / 8, hflip.ColourAccuracy, 12); // pooled over the true answers' cells
        Assert.Equal("hflip", FamilyBreakdown.GroupOf("hflip-0002"));
        Assert.Null(FamilyBreakdown.GroupOf("00576224"));
        Assert.Null(FamilyBreakdown.GroupOf("-12"));
    }

    [Fact]
    public void RealTasksAloneHaveNoBreakdown()
    {
        var (tasks, identity) = Results();
        Assert.Null(FamilyBreakdown.Of([tasks[^1]], identity));
        Assert.Null(FamilyBreakdown.Of([], identity));
    }

    [Fact]
    public void SummaryJsonCarriesTheBreakdownBesideTheHeadlineNumbers()
    {
        var (tasks, identity) = Results();
        var result = new EvalResult(new Dictionary<string, double> { ["eval_pass@2"] = 0.4 }, new JsonObject())
        {
            Breakdowns = new Dictionary<string, FamilyBreakdown> { ["eval"] = FamilyBreakdown.Of(tasks, identity)! },
        };
        using var dir = new TempDir();
        EvalRunner.Write(result, dir.Path);
        var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(dir.Path, "summary.json")))!.AsObject();
        Assert.Equal(0.4, summary["eval_pass@2"]!.GetValue<double>());
        var rot = summary["eval_families"]!["rotate-90"]!;
        Assert.Equal("geometry", rot["category"]!.GetValue<string>());
        Assert.Equal(2, rot["tasks"]!.GetValue<int>());
        Assert.Equal(0.5, rot["pass@1"]!.GetValue<double>());
        Assert.Equal(1.0, rot["pass@2"]!.GetValue<double>());
        Assert.Equal(1.0 / 3, summary["eval_categories"]!["geometry"]!["pass@1"]!.GetValue<double>(), 12);
    }
}
