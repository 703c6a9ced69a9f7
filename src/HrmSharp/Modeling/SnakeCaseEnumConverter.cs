using System.Text.Json;
using System.Text.Json.Serialization;

namespace HrmSharp.Modeling;

/// <summary>Enum values as snake_case strings (StablemaxCrossEntropy = "stablemax_cross_entropy"); an unknown value names the allowed ones.</summary>
public sealed class SnakeCaseEnumConverter<T> : JsonConverter<T> where T : struct, Enum
{
    private static readonly (string Name, T Value)[] Names =
        Enum.GetValues<T>().Select(v => (JsonNamingPolicy.SnakeCaseLower.ConvertName(v.ToString()), v)).ToArray();

    public static string NameOf(T value) => Names.First(n => n.Value.Equals(value)).Name;

    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
            throw new JsonException($"expected a string, one of {string.Join(", ", Names.Select(n => n.Name))}");
        var text = reader.GetString();
        foreach (var (name, value) in Names)
            if (name == text)
                return value;
        throw new JsonException($"unknown value '{text}' (expected one of {string.Join(", ", Names.Select(n => n.Name))})");
    }

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => writer.WriteStringValue(NameOf(value));
}
