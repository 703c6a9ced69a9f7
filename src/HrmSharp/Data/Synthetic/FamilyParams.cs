namespace HrmSharp.Data.Synthetic;

/// <summary>
/// The parameters one task of a family drew (colours, direction, period, ...). Every pair of that task obeys the
/// family's rule with these parameters, and <see cref="TaskFamily.Check"/> verifies a pair against them.
/// </summary>
public abstract record FamilyParams;
