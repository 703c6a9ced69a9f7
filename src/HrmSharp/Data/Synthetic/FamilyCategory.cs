namespace HrmSharp.Data.Synthetic;

/// <summary>The four groups of rules the generator covers (geometry, colour, objects, patterns); a whole category can be held out at once.</summary>
public enum FamilyCategory
{
    Geometry,
    Colour,
    Objects,
    Patterns,
}
