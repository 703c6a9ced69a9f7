using HrmSharp.Data.Synthetic.Families.Colour;
using HrmSharp.Data.Synthetic.Families.Geometry;
using HrmSharp.Data.Synthetic.Families.Objects;
using HrmSharp.Data.Synthetic.Families.Patterns;
using HrmSharp.Data.Synthetic.Toolkit;

namespace HrmSharp.Data.Synthetic;

/// <summary>
/// Every task family by name, and the train/held-out split used to test whether a model generalises to rules it
/// never saw. Names are stable: they appear in task ids, manifests and experiment records.
/// </summary>
public static class FamilyCatalog
{
    /// <summary>All families, grouped by category, in a fixed order (generation picks families round-robin in this order).</summary>
    public static IReadOnlyList<TaskFamily> All { get; } =
    [
        new DihedralFamily("flip-horizontal", D4.FlipH, "mirror left to right"),
        new DihedralFamily("flip-vertical", D4.FlipV, "mirror top to bottom"),
        new DihedralFamily("rotate-90", D4.Rot90, "rotate a quarter turn clockwise"),
        new DihedralFamily("rotate-180", D4.Rot180, "rotate a half turn"),
        new DihedralFamily("rotate-270", D4.Rot270, "rotate a quarter turn anticlockwise"),
        new DihedralFamily("transpose", D4.Transpose, "mirror across the main diagonal"),
        new DihedralFamily("anti-transpose", D4.AntiTranspose, "mirror across the anti-diagonal"),
        new ShiftFamily(wrap: true),
        new ShiftFamily(wrap: false),
        new ScaleFamily(up: true),
        new ScaleFamily(up: false),
        new TileFlipsFamily(),
        new CropObjectFamily(byColour: true),
        new CropObjectFamily(byColour: false),

        new ColourMapFamily(),
        new SwapColoursFamily(),
        new RecolourBySizeRankFamily(),
        new RecolourExtremeFamily(largest: true),
        new RecolourExtremeFamily(largest: false),
        new RecolourTouchingBorderFamily(),
        new DeleteColourFamily(),
        new MostFrequentColourFamily(),

        new GravityFamily(),
        new MoveUntilContactFamily(),
        new FillEnclosedFamily(),
        new OutlineObjectsFamily(),
        new HollowObjectsFamily(),
        new RaysFamily(),
        new ConnectPixelsFamily(),
        new KeepLargestObjectFamily(),
        new DeleteNoiseFamily(),
        new CountObjectsBarFamily(),
        new FillBoundingBoxFamily(),

        new CompleteSymmetryFamily(),
        new ContinuePeriodicFamily(),
        new LogicFamily(LogicFamily.Operation.And),
        new LogicFamily(LogicFamily.Operation.Or),
        new LogicFamily(LogicFamily.Operation.Xor),
        new LogicFamily(LogicFamily.Operation.Nor),
        new DenoiseTileFamily(),
        new SelfKroneckerFamily(),
        new SortBarsFamily(),
        new PaintBorderFamily(),
    ];

    public static IEnumerable<string> Names => All.Select(f => f.Name);

    public static TaskFamily Get(string name) => Resolve([name])[0];

    /// <summary>
    /// Families named in <paramref name="names"/> (in catalogue order, no duplicates). "all" means every family and a
    /// category name (geometry, colour, objects, patterns) means that whole category. Unknown names are an
    /// <see cref="HrmException"/> that lists the valid ones.
    /// </summary>
    public static IReadOnlyList<TaskFamily> Resolve(IEnumerable<string> names)
    {
        var wanted = new HashSet<TaskFamily>();
        var unknown = new List<string>();
        foreach (var raw in names)
        {
            var name = raw.Trim();
            if (name.Length == 0) continue;
            if (name.Equals("all", StringComparison.OrdinalIgnoreCase)) { wanted.UnionWith(All); continue; }
            if (Enum.TryParse<FamilyCategory>(name, ignoreCase: true, out var category) && !int.TryParse(name, out _))
            {
                wanted.UnionWith(All.Where(f => f.Category == category));
                continue;
            }
            var family = All.FirstOrDefault(f => f.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
            if (family is null) unknown.Add(name);
            else wanted.Add(family);
        }
        if (unknown.Count > 0)
            throw new HrmException(
                $"unknown task famil{(unknown.Count == 1 ? "y" : "ies")}: {string.Join(", ", unknown)}. " +
                $"Valid names: all, {string.Join(", ", Enum.GetNames<FamilyCategory>().Select(n => n.ToLowerInvariant()))}, {string.Join(", ", Names)}");
        return All.Where(wanted.Contains).ToList();
    }

    /// <summary>
    /// Splits <paramref name="pool"/> (default: all families) into the families to train on and the
    /// <paramref name="holdout"/> families (names or categories, as in <see cref="Resolve"/>).
    /// </summary>
    public static (IReadOnlyList<TaskFamily> Train, IReadOnlyList<TaskFamily> HeldOut) Split(
        IEnumerable<string> holdout, IReadOnlyList<TaskFamily>? pool = null)
    {
        pool ??= All;
        var held = Resolve(holdout).ToHashSet();
        return (pool.Where(f => !held.Contains(f)).ToList(), pool.Where(held.Contains).ToList());
    }
}
