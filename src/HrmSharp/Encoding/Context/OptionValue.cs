namespace HrmSharp.Encoding.Context;

/// <summary>
/// Parses option values such as <c>--layout packed</c> or <c>--pos rope2d</c>: the enum member's name in lower case.
/// An unknown value is bad user input, never silently replaced by a default.
/// </summary>
public static class OptionValue
{
    public static T Parse<T>(string value, string option) where T : struct, Enum
    {
        foreach (var member in Enum.GetValues<T>())
            if (string.Equals(Name(member), value, StringComparison.Ordinal))
                return member;
        throw new HrmException($"{option}: unknown value '{value}'; expected {string.Join("|", Enum.GetValues<T>().Select(Name))}");
    }

    public static string Name<T>(T member) where T : struct, Enum => member.ToString().ToLowerInvariant();
}
