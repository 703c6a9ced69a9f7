using HrmSharp.Training;
using HrmSharp.Training.Data;

namespace HrmSharp.Tests.Data.Synthetic;

/// <summary>data.synthetic_families picks the pool generated training tasks come from; data.synthetic_holdout removes from it.</summary>
public sealed class SyntheticTrainingFamiliesTests
{
    private static IReadOnlyList<string> Families(string families, string holdout, double ratio = 1) =>
        DataFactory.SyntheticTrainingFamilies(new DataConfig { SyntheticFamilies = families, SyntheticHoldout = holdout, SyntheticRatio = ratio })
            .Select(f => f.Name).ToList();

    [Fact]
    public void DefaultIsEveryFamilyMinusTheHoldout()
    {
        var all = HrmSharp.Data.Synthetic.FamilyCatalog.Names.ToList();
        Assert.Equal(all, Families("all", ""));
        Assert.Equal(all.Where(n => n != "rotate-90").ToList(), Families("", "rotate-90"));
    }

    [Fact]
    public void ANamedPoolIsUsedInCatalogueOrderWithoutTheHoldout()
    {
        Assert.Equal(["flip-horizontal", "transpose"], Families("transpose,flip-horizontal,rotate-180", "rotate-180"));
        var geometryWithoutRotations = Families("geometry", "rotate-90,rotate-180,rotate-270");
        Assert.DoesNotContain("rotate-90", geometryWithoutRotations);
        Assert.Contains("flip-vertical", geometryWithoutRotations);
        Assert.DoesNotContain("swap-colours", geometryWithoutRotations);
    }

    [Fact]
    public void AnEmptyPoolAndAnUnknownNameAreClearErrors()
    {
        var ex = Assert.Throws<HrmException>(() => Families("transpose", "transpose"));
        Assert.Contains("leaves no family", ex.Message);
        Assert.Contains("data.synthetic_families (transpose)", ex.Message);
        Assert.Contains("unknown task family: transpos", Assert.Throws<HrmException>(() => Families("transpos", "")).Message);
    }

    [Fact]
    public void TheFieldIsSetFromTheCommandLine()
    {
        var config = ConfigOverrides.Apply(new TrainConfig(), ["data.synthetic_families=colour,transpose"]);
        Assert.Equal("colour,transpose", config.Data.SyntheticFamilies);
    }

    [Fact]
    public void TheGridSizeKnobIsCheckedWithTheRestOfTheConfig()
    {
        Assert.Equal(8, ConfigOverrides.Apply(new TrainConfig(), ["data.synthetic_max_size=8"]).Data.SyntheticMaxSize);
        Assert.Contains(new DataConfig { SyntheticMaxSize = 31 }.Problems(), p => p.Contains("data.synthetic_max_size must be in 3..30, got 31"));
        Assert.DoesNotContain(new DataConfig { SyntheticMaxSize = 3 }.Problems(), p => p.Contains("synthetic_max_size"));
    }
}
