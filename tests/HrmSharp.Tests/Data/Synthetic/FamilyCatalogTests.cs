using HrmSharp.Data.Synthetic;

namespace HrmSharp.Tests.Data.Synthetic;

public class FamilyCatalogTests
{
    [Fact]
    public void HasAtLeastFortyUniquelyNamedFamiliesInEveryCategory()
    {
        Assert.True(FamilyCatalog.All.Count >= 40, $"only {FamilyCatalog.All.Count} families");
        Assert.Equal(FamilyCatalog.All.Count, FamilyCatalog.Names.Distinct().Count());
        foreach (var category in Enum.GetValues<FamilyCategory>())
            Assert.True(FamilyCatalog.All.Count(f => f.Category == category) >= 8, $"{category} has fewer than 8 families");
        Assert.All(FamilyCatalog.All, f => Assert.Matches("^[a-z0-9]+(-[a-z0-9]+)*$", f.Name));
    }

    [Fact]
    public void CoversTheRulesTheIssueAsksFor()
    {
        string[] required =
        [
            "flip-horizontal", "flip-vertical", "rotate-90", "rotate-180", "rotate-270", "transpose", "anti-transpose",
            "shift-wrap", "shift-clip", "scale-up", "tile-flips", "crop-object",
            "colour-map", "recolour-by-size-rank", "swap-colours", "recolour-largest", "recolour-smallest",
            "gravity", "move-until-contact", "fill-enclosed", "outline-objects", "rays-to-border", "connect-pixels",
            "keep-largest-object", "delete-noise", "count-objects-bar",
            "complete-symmetry", "continue-periodic", "logic-and", "logic-or", "logic-xor", "denoise-tile",
        ];
        Assert.Empty(required.Except(FamilyCatalog.Names));
    }

    [Fact]
    public void ResolveAcceptsAllCategoriesAndAnyCase()
    {
        Assert.Equal(FamilyCatalog.All, FamilyCatalog.Resolve(["all"]));
        var picked = FamilyCatalog.Resolve([" Gravity ", "patterns", "gravity", ""]);
        Assert.Equal(1 + FamilyCatalog.All.Count(f => f.Category == FamilyCategory.Patterns), picked.Count);
        Assert.Contains(picked, f => f.Name == "gravity");
        // Catalogue order, whatever the order asked for.
        Assert.Equal(FamilyCatalog.All.Where(picked.Contains), picked);
    }

    [Fact]
    public void UnknownNamesAreABadInputErrorListingTheValidNames()
    {
        var ex = Assert.Throws<HrmException>(() => FamilyCatalog.Resolve(["gravity", "nope", "flip-diagonal"]));
        Assert.Contains("unknown task families: nope, flip-diagonal", ex.Message);
        Assert.Contains("Valid names:", ex.Message);
        Assert.Contains("rotate-90", ex.Message);
        Assert.Contains("geometry", ex.Message);
        Assert.Throws<HrmException>(() => FamilyCatalog.Get("nope"));
    }

    [Fact]
    public void SplitHoldsOutNamedFamiliesAndCategories()
    {
        var (train, heldOut) = FamilyCatalog.Split(["gravity", "logic-xor", "colour"]);
        var expectedHeld = FamilyCatalog.All.Where(f => f.Name is "gravity" or "logic-xor" || f.Category == FamilyCategory.Colour).ToList();
        Assert.Equal(expectedHeld, heldOut);
        Assert.Empty(train.Intersect(heldOut));
        Assert.Equal(FamilyCatalog.All.Count, train.Count + heldOut.Count);

        var (none, all) = FamilyCatalog.Split([]);
        Assert.Equal(FamilyCatalog.All, none);
        Assert.Empty(all);

        Assert.Throws<HrmException>(() => FamilyCatalog.Split(["gravity", "grvity"]));
    }

    [Fact]
    public void SplitWithinAPoolOnlyReturnsPoolMembers()
    {
        var pool = FamilyCatalog.Resolve(["geometry"]);
        var (train, heldOut) = FamilyCatalog.Split(["rotate-90", "gravity"], pool);
        Assert.Equal(["rotate-90"], heldOut.Select(f => f.Name));
        Assert.Equal(pool.Count - 1, train.Count);
    }
}
