using HrmSharp.Data;
using HrmSharp.Data.Synthetic;
using HrmSharp.Data.Synthetic.Families.Geometry;
using HrmSharp.Data.Synthetic.Families.Objects;
using HrmSharp.Data.Synthetic.Families.Patterns;
using HrmSharp.Data.Synthetic.Toolkit;

namespace HrmSharp.Tests.Data.Synthetic;

/// <summary>Rules on small inputs whose answers were worked out by hand.</summary>
public class FamilyExampleTests
{
    private static readonly SizeRange Any = new(1, 12);

    private static void AssertRule(TaskFamily family, FamilyParams p, string input, string expected)
    {
        var g = Grid.Parse(input);
        var want = Grid.Parse(expected);
        Assert.Equal(want, family.Apply(g, p));
        Assert.True(family.Check(new Pair(g, want), p));
    }

    [Theory]
    [InlineData("flip-horizontal", D4.FlipH, "321|654")]
    [InlineData("flip-vertical", D4.FlipV, "456|123")]
    [InlineData("rotate-90", D4.Rot90, "41|52|63")]
    [InlineData("rotate-180", D4.Rot180, "654|321")]
    [InlineData("rotate-270", D4.Rot270, "36|25|14")]
    [InlineData("transpose", D4.Transpose, "14|25|36")]
    [InlineData("anti-transpose", D4.AntiTranspose, "63|52|41")]
    public void DihedralTransforms(string name, D4 t, string expected) =>
        AssertRule(FamilyCatalog.Get(name), new DihedralFamily.Params(t, 0, [1], 0.5, Any, Any), "123|456", expected);

    [Fact]
    public void TheGeneratorsSymmetriesAreTheAugmentationsOnesAndAgreeWithTheirIndependentCheck()
    {
        var rng = new Random(4);
        foreach (var t in Enum.GetValues<D4>())
            for (int n = 0; n < 20; n++)
            {
                var g = Grid.Create(rng.Next(1, 7), rng.Next(1, 7), (_, _) => rng.Next(10)); // non-square too
                Assert.Equal(Dihedral.ViaPrimitives(g, t), Dihedral.Apply(g, t));
                if (g.Rows != g.Cols) Assert.Equal(Dihedral.SwapsAxes(t), Dihedral.Apply(g, t).Rows != g.Rows);
            }
        Assert.Equal(8, Enum.GetValues<D4>().Select(Dihedral.ToAugmentation).Distinct().Count());
    }

    [Fact]
    public void ShiftWrapsOrClips()
    {
        AssertRule(FamilyCatalog.Get("shift-wrap"), new ShiftFamily.Params(1, -1, true, 0, [1], 0.5, Any, Any), "123|456", "564|231");
        AssertRule(FamilyCatalog.Get("shift-clip"), new ShiftFamily.Params(1, -1, false, 0, [1], 0.5, Any, Any), "123|456", "000|230");
    }

    [Fact]
    public void ScaleAndTile()
    {
        AssertRule(FamilyCatalog.Get("scale-up"), new ScaleFamily.Params(2, 1, 0, [1], 0.5, Any, Any), "12", "12|12");
        AssertRule(FamilyCatalog.Get("scale-down"), new ScaleFamily.Params(1, 2, 0, [1], 0.5, Any, Any), "1122|3300", "12|30");
        AssertRule(FamilyCatalog.Get("tile-flips"), new TileFlipsFamily.Params(1, 2, [D4.Identity, D4.FlipH], 0, [1], 0.5, Any, Any),
            "12|30", "1221|3003");
    }

    [Fact]
    public void GravityFallsTowardTheTasksSide()
    {
        var family = FamilyCatalog.Get("gravity");
        AssertRule(family, new GravityFamily.Params(Dir.Down, 0, [1], 0.5, Any, Any), "102|000|030", "000|000|132");
        AssertRule(family, new GravityFamily.Params(Dir.Left, 0, [1], 0.5, Any, Any), "102|000|030", "120|000|300");
        AssertRule(family, new GravityFamily.Params(Dir.Up, 0, [1], 0.5, Any, Any), "102|000|430", "132|400|000");
    }

    [Fact]
    public void MoverStopsAgainstTheAnchor()
    {
        var family = FamilyCatalog.Get("move-until-contact");
        AssertRule(family, new MoveUntilContactFamily.Params(Dir.Right, 3, 5, 0, Any, Any), "30005|00005", "00035|00005");
        // Moving away from the anchor never touches it: no answer.
        Assert.Null(family.Apply(Grid.Parse("30005"), new MoveUntilContactFamily.Params(Dir.Left, 3, 5, 0, Any, Any)));
    }

    [Fact]
    public void FillEnclosedFillsOnlyClosedRegions()
    {
        var p = new FillEnclosedFamily.Params(2, 4, 0, 0, Any, Any);
        AssertRule(FamilyCatalog.Get("fill-enclosed"), p, "22200|20200|22200|00000|02220", "22200|24200|22200|00000|02220");
        // A gap to the outside leaves the region open.
        Assert.Null(FamilyCatalog.Get("fill-enclosed").Apply(Grid.Parse("22200|20000|22200"), p));
    }

    [Fact]
    public void RaysAndConnections()
    {
        AssertRule(FamilyCatalog.Get("rays-to-border"), new RaysFamily.Params("right", [(0, 1)], 0, [3], Any, Any), "0000|0300|0000", "0000|0333|0000");
        AssertRule(FamilyCatalog.Get("connect-pixels"), new ConnectPixelsFamily.Params(true, false, 0, [1], Any, Any),
            "10010|00000|20002", "11110|00000|22222");
    }

    [Fact]
    public void ObjectRules()
    {
        AssertRule(FamilyCatalog.Get("keep-largest-object"), new KeepLargestObjectFamily.Params(0, [1], Any, Any), "1100|0000|0202|0022", "0000|0000|0202|0022");
        AssertRule(FamilyCatalog.Get("delete-noise"), new DeleteNoiseFamily.Params(0, [1], [1], Any, Any), "1100|0000|0001", "1100|0000|0000");
        AssertRule(FamilyCatalog.Get("count-objects-bar"), new CountObjectsBarFamily.Params(true, 6, 0, [1], 6, Any, Any), "1010|0000|1001", "6666");
        AssertRule(FamilyCatalog.Get("outline-objects"), new OutlineObjectsFamily.Params(false, 8, 0, [1], Any, Any), "000|010|000", "080|818|080");
        AssertRule(FamilyCatalog.Get("hollow-objects"), new HollowObjectsFamily.Params(0, [1], Any, Any), "1110|1110|1110|0000", "1110|1010|1110|0000");
        AssertRule(FamilyCatalog.Get("fill-bounding-box"), new FillBoundingBoxFamily.Params(4, 0, [1], Any, Any), "100|110|000", "140|110|000");
    }

    [Fact]
    public void PatternRules()
    {
        var xor = new LogicFamily.Params(LogicFamily.Operation.Xor, true, 5, 1, 2, 3, 0, 0.5, Any, Any);
        AssertRule(FamilyCatalog.Get("logic-xor"), xor, "10520|11502", "00|30");
        AssertRule(FamilyCatalog.Get("logic-and"), xor with { Op = LogicFamily.Operation.And }, "10520|11502", "30|03");
        Assert.False(FamilyCatalog.Get("logic-and").Check(new Pair(Grid.Parse("10520|11502"), Grid.Parse("00|30")), xor with { Op = LogicFamily.Operation.And }));

        AssertRule(FamilyCatalog.Get("continue-periodic"), new ContinuePeriodicFamily.Params(2, 2, ContinuePeriodicFamily.Reveal.Left, 0, [1, 2, 3, 4], Any, Any),
            "12000|34000|12000", "12121|34343|12121");
        AssertRule(FamilyCatalog.Get("complete-symmetry"), new CompleteSymmetryFamily.Params(CompleteSymmetryFamily.Symmetry.LeftRight, 9, [1, 2], Any, Any),
            "1921|1221", "1221|1221");
        AssertRule(FamilyCatalog.Get("self-kronecker"), new SelfKroneckerFamily.Params(false, 0, [1], 0.5, Any, Any), "10|01", "1000|0100|0010|0001");
        AssertRule(FamilyCatalog.Get("denoise-tile"), new DenoiseTileFamily.Params(1, 2, [1, 2], [7], Any, Any), "121712|121212", "121212|121212");
        AssertRule(FamilyCatalog.Get("sort-bars"), new SortBarsFamily.Params(Dir.Down, true, false, 0, [1], Any, Any), "100|120|123", "001|021|321");
        AssertRule(FamilyCatalog.Get("paint-border"), new PaintBorderFamily.Params(5, 0, [1], 0.5, Any, Any), "000|010|000", "555|515|555");
    }

    [Fact]
    public void ColourRules()
    {
        AssertRule(FamilyCatalog.Get("swap-colours"), new HrmSharp.Data.Synthetic.Families.Colour.SwapColoursFamily.Params(1, 2, 0, [3], 0.5, Any, Any), "123|210", "213|120");
        AssertRule(FamilyCatalog.Get("recolour-by-size-rank"),
            new HrmSharp.Data.Synthetic.Families.Colour.RecolourBySizeRankFamily.Params([7, 8], 0, [1], Any, Any), "1101|0001|0001", "8807|0007|0007");
        AssertRule(FamilyCatalog.Get("most-frequent-colour"),
            new HrmSharp.Data.Synthetic.Families.Colour.MostFrequentColourFamily.Params(1, 2, 0, [1, 2], 0.5, Any, Any), "120|220", "22");
    }
}
