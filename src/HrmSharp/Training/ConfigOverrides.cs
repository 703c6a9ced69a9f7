using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using HrmSharp.IO;

namespace HrmSharp.Training;

/// <summary>
/// <c>--set key=value</c> overrides: the dotted path names a field of <see cref="TrainConfig"/> by its JSON name
/// (<c>model.hidden_size=64</c>, <c>optimizer.lr=3e-4</c>, <c>data.path=null</c>). The value is checked against the
/// field's type (integer, number, true/false, text, an enum's names; <c>null</c> clears an optional field) and an
/// unknown key lists the keys that exist at that level. No code is evaluated.
/// </summary>
public static class ConfigOverrides
{
    /// <summary>Applies every assignment in order to a config and returns the result (not validated).</summary>
    public static TrainConfig Apply(TrainConfig config, IEnumerable<string> assignments)
    {
        var list = assignments.ToList();
        if (list.Count == 0)
            return config;
        var node = config.ToNode();
        var problems = new List<string>();
        foreach (var assignment in list)
        {
            try { Set(node, assignment); }
            catch (HrmException ex) { problems.AddRange(ex.Problems); }
        }
        if (problems.Count > 0)
            throw new HrmException(problems);
        return TrainConfig.FromNode(node, "--set");
    }

    /// <summary>Sets one <c>path=value</c> in a config's JSON form.</summary>
    public static void Set(JsonObject root, string assignment)
    {
        int eq = assignment.IndexOf('=');
        if (eq <= 0)
            throw new HrmException($"--set {assignment}: expected key=value, e.g. --set model.hidden_size=64");
        var path = assignment[..eq].Trim();
        var text = assignment[(eq + 1)..].Trim();

        var keys = path.Split('.');
        var info = TrainConfig.JsonOptions.GetTypeInfo(typeof(TrainConfig));
        var node = root;
        for (int i = 0; i < keys.Length; i++)
        {
            var prop = info.Properties.FirstOrDefault(p => p.Name == keys[i]);
            var here = string.Join('.', keys[..i]);
            if (prop is null)
            {
                var known = string.Join(", ", info.Properties.Select(p => p.Name));
                throw new HrmException($"--set {path}: unknown key '{keys[i]}'{(here.Length > 0 ? $" in {here}" : "")} (known: {known})");
            }
            var type = prop.PropertyType;
            var propInfo = TrainConfig.JsonOptions.GetTypeInfo(type);
            bool isSection = propInfo.Kind == JsonTypeInfoKind.Object;
            if (i < keys.Length - 1)
            {
                if (!isSection)
                    throw new HrmException($"--set {path}: '{string.Join('.', keys[..(i + 1)])}' is a value, not a section");
                if (node[keys[i]] is not JsonObject child)
                    node[keys[i]] = child = [];
                node = child;
                info = propInfo;
                continue;
            }
            if (isSection)
                throw new HrmException($"--set {path}: '{path}' is a section; set one of its keys ({string.Join(", ", propInfo.Properties.Select(p => p.Name))})");
            node[keys[i]] = Convert(path, text, type);
        }
    }

    private static JsonNode? Convert(string path, string text, Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type);
        bool nullable = underlying is not null || !type.IsValueType;
        var t = underlying ?? type;
        if (text == "null")
        {
            if (nullable)
                return null;
            throw new HrmException($"--set {path}={text}: this field needs a value");
        }
        HrmException Bad(string expected) => new($"--set {path}={text}: expected {expected}");

        if (t == typeof(string))
            return JsonValue.Create(text);
        if (t == typeof(bool))
            return text switch { "true" => JsonValue.Create(true), "false" => JsonValue.Create(false), _ => throw Bad("true or false") };
        if (t == typeof(int))
            return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i) ? JsonValue.Create(i) : throw Bad("an integer");
        if (t == typeof(long))
            return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) ? JsonValue.Create(l) : throw Bad("an integer");
        if (t == typeof(double))
            return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) ? JsonValue.Create(d) : throw Bad("a number");
        if (t.IsEnum)
        {
            // Round-trip through the enum's converter so a bad name lists the allowed ones.
            try
            {
                var value = JsonSerializer.Deserialize(JsonSerializer.Serialize(text), t, TrainConfig.JsonOptions);
                return JsonSerializer.SerializeToNode(value, t, TrainConfig.JsonOptions);
            }
            catch (JsonException ex)
            {
                throw new HrmException($"--set {path}={text}: {JsonInput.Reason(ex)}");
            }
        }
        throw new HrmException($"--set {path}: fields of type {t.Name} cannot be set from the command line");
    }
}
