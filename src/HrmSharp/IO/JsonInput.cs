using System.Text.Json;
using System.Text.Json.Nodes;

namespace HrmSharp.IO;

/// <summary>
/// Turns System.Text.Json's exceptions into the project's one-line problems, so every JSON file a user hands over
/// (tasks, submissions, reports, configs, checkpoints, safetensors headers) is reported the same way:
/// <c>file: invalid JSON at line 3, column 14: reason</c> for broken text, <c>file at key.path: reason</c> for a
/// value of the wrong kind.
/// </summary>
public static class JsonInput
{
    /// <summary>
    /// The exception's reason without the location System.Text.Json appends to its own messages
    /// ("... Path: $.x | LineNumber: 0 | BytePositionInLine: 3."): the caller says where, in the user's terms.
    /// </summary>
    public static string Reason(JsonException ex)
    {
        string reason = ex.Message;
        foreach (var marker in (ReadOnlySpan<string>)[" Path:", " LineNumber:"])
        {
            int cut = reason.IndexOf(marker, StringComparison.Ordinal);
            if (cut >= 0) reason = reason[..cut];
        }
        return reason.TrimEnd('.', ' ');
    }

    /// <summary>The problem line for text that is not JSON, with its 1-based line and column when known.</summary>
    public static string InvalidJson(string source, JsonException ex)
    {
        string at = ex.LineNumber is long line ? $" at line {line + 1}, column {(ex.BytePositionInLine ?? 0) + 1}" : "";
        return $"{source}: invalid JSON{at}: {Reason(ex)}";
    }

    /// <summary>The problem line for JSON that does not bind to a type: where in the document (dotted key path), and why.</summary>
    public static string InvalidValue(string source, JsonException ex)
    {
        var where = string.IsNullOrEmpty(ex.Path) || ex.Path == "$" ? "" : $" at {ex.Path.TrimStart('$', '.')}";
        return $"{source}{where}: {Reason(ex)}";
    }

    /// <summary>Parses a whole document; broken text is an <see cref="HrmException"/> naming <paramref name="source"/>.</summary>
    public static JsonDocument Parse(ReadOnlyMemory<byte> utf8, string source, JsonDocumentOptions options = default) =>
        Guard(() => JsonDocument.Parse(utf8, options), source);

    /// <inheritdoc cref="Parse(ReadOnlyMemory{byte}, string, JsonDocumentOptions)"/>
    public static JsonDocument Parse(string json, string source, JsonDocumentOptions options = default) =>
        Guard(() => JsonDocument.Parse(json, options), source);

    /// <summary>Parses a document that must be one object.</summary>
    public static JsonObject ParseObject(string json, string source, JsonDocumentOptions options = default) =>
        Guard(() => JsonNode.Parse(json, documentOptions: options), source) as JsonObject
            ?? throw new HrmException($"{source}: expected a JSON object");

    private static T Guard<T>(Func<T> parse, string source)
    {
        try
        {
            return parse();
        }
        catch (JsonException ex)
        {
            throw new HrmException(InvalidJson(source, ex));
        }
    }
}
