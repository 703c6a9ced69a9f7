namespace HrmSharp.Data.Synthetic;

/// <summary>The four groups of rules the issue asks to cover; a whole category can be held out at once.</summary>
public enum FamilyCategory
{
    Geometry,
    Colour,
    Objects,
    Patterns,
}
