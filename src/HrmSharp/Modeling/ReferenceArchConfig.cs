using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace HrmSharp.Modeling;

/// <summary>
/// The <c>arch</c> section of the <c>all_config.yaml</c> that the official HRM and TRM training scripts write beside
/// every checkpoint, read into a <see cref="ModelConfig"/>. The reference's key names are ours (snake_case, H_/L_
/// prefixes), so each setting maps one to one; the architecture is told by <c>arch.name</c>. A key this build does not
/// implement is an error rather than silently ignored: it would change what the imported weights compute.
/// The sizes that come from the data (vocab_size, seq_len, num_puzzle_identifiers) are not in the file: they are given
/// to <see cref="Model"/>, taken from the weights and the dataset.
/// </summary>
public sealed class ReferenceArchConfig
{
    /// <summary>arch.name of the official implementations, by core.</summary>
    public static readonly IReadOnlyDictionary<string, CoreKind> Architectures = new Dictionary<string, CoreKind>
    {
        ["hrm.hrm_act_v1@HierarchicalReasoningModel_ACTV1"] = CoreKind.Hrm,
        ["recursive_reasoning.trm@TinyRecursiveReasoningModel_ACTV1"] = CoreKind.Trm,
    };

    // Settings of the reference architectures that ModelConfig implements under the same name.
    private static readonly string[] Mapped =
    [
        "hidden_size", "num_heads", "expansion", "pos_encodings", "rope_theta", "rms_norm_eps", "H_layers", "L_layers",
        "H_cycles", "L_cycles", "halt_max_steps", "halt_exploration_prob", "puzzle_emb_ndim", "puzzle_emb_len",
        "forward_dtype", "mlp_t", "no_ACT_continue",
    ];

    // Settings only TRM's code reads (HRM's ignores them, so they must stay at their defaults for it).
    private static readonly string[] TrmOnly = ["mlp_t", "puzzle_emb_len", "no_ACT_continue"];

    private readonly JsonObject _arch;
    private readonly string _source;

    /// <summary>The run's seed (0 when the file has none).</summary>
    public int Seed { get; }

    /// <summary>The dataset the run trained on (data_path, or TRM's first data_paths entry), as written.</summary>
    public string? DataPath { get; }

    private ReferenceArchConfig(JsonObject arch, string source, int seed, string? dataPath) =>
        (_arch, _source, Seed, DataPath) = (arch, source, seed, dataPath);

    /// <summary>Reads <paramref name="path"/>; any problem is an <see cref="HrmException"/> naming the file and key.</summary>
    public static ReferenceArchConfig Load(string path)
    {
        if (!File.Exists(path))
            throw new HrmException($"{path}: file not found");
        return Parse(File.ReadAllText(path), Path.GetFileName(path));
    }

    public static ReferenceArchConfig Parse(string yaml, string source)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException ex)
        {
            throw new HrmException($"{source}: not valid YAML ({ex.Message})");
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new HrmException($"{source}: expected a mapping with an 'arch' section");
        if (Child(root, "arch") is not YamlMappingNode arch)
            throw new HrmException($"{source}: no 'arch' section (is this the all_config.yaml written beside the checkpoint?)");

        var problems = new List<string>();
        var node = new JsonObject();
        var name = Scalar(Child(arch, "name"));
        if (name is null)
            problems.Add($"{source}: arch.name is missing");
        else if (!Architectures.TryGetValue(name, out var core))
            problems.Add($"{source}: arch.name '{name}' is not an architecture HrmSharp can import (known: {string.Join(", ", Architectures.Keys)})");
        else
            node["core"] = core.ToString().ToLowerInvariant();

        foreach (var (keyNode, value) in arch.Children)
        {
            var key = Scalar(keyNode) ?? "";
            if (key == "name")
                continue;
            if (key == "loss")
            {
                if (value is YamlMappingNode loss && Scalar(Child(loss, "loss_type")) is { } lossType)
                    node["loss_type"] = lossType;
                continue;
            }
            if (!Mapped.Contains(key))
                problems.Add($"{source}: arch.{key} is not a setting HrmSharp implements");
            else if (Scalar(value) is not { } text)
                problems.Add($"{source}: arch.{key} must be a single value");
            else
                node[key] = Value(text);
        }
        if (problems.Count > 0)
            throw new HrmException(problems);

        int seed = Scalar(Child(root, "seed")) is { } s && int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? parsed : 0;
        var dataPath = Scalar(Child(root, "data_path"))
            ?? (Child(root, "data_paths") is YamlSequenceNode { Children.Count: > 0 } paths ? Scalar(paths.Children[0]) : null);
        return new ReferenceArchConfig(node, source, seed, dataPath);
    }

    /// <summary>The model config, completed with the sizes that come from the data (not stored in the file).</summary>
    public ModelConfig Model(int vocabSize, int seqLen, int numPuzzleIdentifiers)
    {
        var node = _arch.DeepClone().AsObject();
        node["vocab_size"] = vocabSize;
        node["seq_len"] = seqLen;
        node["num_puzzle_identifiers"] = numPuzzleIdentifiers;
        return ModelConfig.FromJson(node.ToJsonString(), $"{_source} arch");
    }

    // Ours only: how the data sizes are taken, and kernel choices that do not change what is computed.
    private static readonly HashSet<string> NotArchitecture = ["core", "loss_type", "vocab_size", "seq_len", "num_puzzle_identifiers", "attention"];

    /// <summary>
    /// The <c>arch</c> section the official code would need to build <paramref name="model"/> (so an exported state dict
    /// can be loaded there, and imported back here), or null with the reason when a setting has no reference equivalent.
    /// </summary>
    public static string? ToYaml(ModelConfig model, out string? reason)
    {
        var name = Architectures.FirstOrDefault(a => a.Value == model.Core).Key;
        var ours = JsonNode.Parse(model.ToJson())!.AsObject();
        var defaults = JsonNode.Parse(new ModelConfig().ToJson())!.AsObject();
        bool written(string key) => Mapped.Contains(key) && (model.Core == CoreKind.Trm || !TrmOnly.Contains(key));
        var differs = ours.Where(kv => !written(kv.Key) && !NotArchitecture.Contains(kv.Key) && !JsonNode.DeepEquals(kv.Value, defaults[kv.Key]))
            .Select(kv => kv.Key).ToList();
        reason = name is null ? $"the {model.Core.ToString().ToLowerInvariant()} core has no reference implementation"
            : differs.Count > 0 ? $"{string.Join(", ", differs)} differ from the reference"
            : null;
        if (reason is not null)
            return null;

        var yaml = new StringBuilder();
        yaml.Append("arch:\n");
        yaml.Append(CultureInfo.InvariantCulture, $"  name: {name}\n");
        yaml.Append("  loss:\n    name: losses@ACTLossHead\n");
        yaml.Append(CultureInfo.InvariantCulture, $"    loss_type: {ours["loss_type"]!.GetValue<string>()}\n");
        foreach (var key in Mapped.Where(written))
            if (ours[key] is { } value)
                yaml.Append(CultureInfo.InvariantCulture, $"  {key}: {YamlScalar(value)}\n");
        return yaml.ToString();
    }

    private static string YamlScalar(JsonNode value) => value.GetValueKind() switch
    {
        System.Text.Json.JsonValueKind.True => "true",
        System.Text.Json.JsonValueKind.False => "false",
        System.Text.Json.JsonValueKind.Number => value.ToJsonString(),
        _ => value.GetValue<string>(),
    };

    private static YamlNode? Child(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    private static string? Scalar(YamlNode? node) => node is YamlScalarNode { Value: { } v } ? v : null;

    /// <summary>A YAML scalar as JSON: booleans (Python's True/False too), numbers, else a string.</summary>
    private static JsonNode Value(string text)
    {
        if (bool.TryParse(text, out var b))
            return JsonValue.Create(b);
        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l))
            return JsonValue.Create(l);
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
            return JsonValue.Create(d);
        return JsonValue.Create(text);
    }
}
