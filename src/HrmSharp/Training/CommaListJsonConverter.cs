using System.Text.Json;
using System.Text.Json.Serialization;

namespace HrmSharp.Training;

/// <summary>
/// A comma-separated list kept as one string ("rotate-90,geometry"), which <c>--set key=a,b</c> can write. Reads the
/// string form or a JSON array of strings (joined with commas): checkpoints written before the field became a string
/// store it as an array, and must still load. Always writes the string form.
/// </summary>
public sealed class CommaListJsonConverter : JsonConverter<string>
{
    public override string Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
            return reader.GetString()!;
        if (reader.TokenType != JsonTokenType.StartArray)
            throw new JsonException("expected a comma-separated string or an array of strings");
        var items = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.String)
                throw new JsonException("expected a comma-separated string or an array of strings");
            items.Add(reader.GetString()!);
        }
        return string.Join(',', items);
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}
