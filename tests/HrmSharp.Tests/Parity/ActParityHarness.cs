using System.Text.Json;
using System.Text.Json.Nodes;
using HrmSharp.IO;
using HrmSharp.Modeling;

namespace HrmSharp.Tests.Parity;

/// <summary>
/// One ACT-model fixture folder (hrm or trm): the manifest, the tensors, the config it was produced with, the inputs,
/// and per-group tolerances (manifest tolerance.observed_f32_vs_f64.*.recommended_atol).
/// </summary>
public sealed class ActParityHarness : IDisposable
{
    public SafetensorsFile Fx { get; }
    public JsonElement Manifest { get; }
    public ModelConfig Config { get; }
    public ActBatch Batch { get; }
    private readonly JsonDocument _doc;

    public ActParityHarness(string folder, CoreKind core)
    {
        var dir = Path.Combine(TestPaths.Fixtures, "parity", folder);
        _doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "manifest.json")));
        Manifest = _doc.RootElement;
        Fx = Safetensors.Read(Path.Combine(dir, "tensors.safetensors"));
        Config = ConfigFromManifest(core);
        Batch = new ActBatch(Fx["input/inputs"], Fx["input/labels"], Fx["input/puzzle_identifiers"]);
    }

    /// <summary>The manifest's reference config read through our JSON config (same key names), minus the trainer's batch_size.</summary>
    private ModelConfig ConfigFromManifest(CoreKind core)
    {
        var node = JsonNode.Parse(Manifest.GetProperty("config").GetRawText())!.AsObject();
        node.Remove("batch_size"); // the trainer's, not the architecture's
        node["core"] = core.ToString().ToLowerInvariant();
        return ModelConfig.FromJson(node.ToJsonString(), $"{Manifest.GetProperty("fixture").GetString()} config");
    }

    public double Atol(string group) =>
        Manifest.GetProperty("tolerance").GetProperty("observed_f32_vs_f64").GetProperty(group).GetProperty("recommended_atol").GetDouble();

    /// <summary>A model with the fixture's parameters and persistent buffers loaded strictly.</summary>
    public ActModel CreateModel(ModelConfig? config = null)
    {
        var model = new ActModel(config ?? Config, seed: 0);
        ModelWeights.Load(model, Fx.WithPrefix("param/"), "fixture param/*");
        return model;
    }

    /// <summary>Reference state_dict names: parameters and persistent buffers, as the manifest lists them.</summary>
    public IReadOnlyList<string> StateDictNames()
    {
        var names = Manifest.GetProperty("state_dict_names");
        return names.GetProperty("parameters").EnumerateArray().Concat(names.GetProperty("persistent_buffers").EnumerateArray())
            .Select(e => e.GetString()!).ToList();
    }

    public void Dispose()
    {
        Fx.Dispose();
        _doc.Dispose();
    }
}
