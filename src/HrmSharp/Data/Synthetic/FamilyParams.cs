using System.Collections;

namespace HrmSharp.Data.Synthetic;

/// <summary>
/// The parameters one task of a family drew (colours, direction, period, ...). Every pair of that task obeys the
/// family's rule with these parameters, and <see cref="TaskFamily.Check"/> verifies a pair against them.
/// </summary>
public abstract record FamilyParams
{
    /// <summary>"Name { A = 1, Palette = [2, 3] }": like a record's own text, but lists print their items.</summary>
    public sealed override string ToString()
    {
        var members = GetType().GetProperties()
            .Where(p => p.GetIndexParameters().Length == 0)
            .Select(p => $"{p.Name} = {Format(p.GetValue(this))}");
        return $"{GetType().Name} {{ {string.Join(", ", members)} }}";
    }

    private static string Format(object? value) => value switch
    {
        null => "null",
        string s => s,
        IEnumerable items => "[" + string.Join(", ", items.Cast<object?>().Select(Format)) + "]",
        _ => value.ToString() ?? "",
    };
}
