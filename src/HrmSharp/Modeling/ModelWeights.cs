using HrmSharp.IO;
using static TorchSharp.torch;

namespace HrmSharp.Modeling;

/// <summary>
/// Weights by the reference's state_dict names (parameters and persistent buffers, e.g.
/// inner.H_level.layers.0.self_attn.qkv_proj.weight, inner.puzzle_emb.weights), loaded strictly and saved as safetensors
/// so PyTorch users can load our weights into the reference model and vice versa.
/// </summary>
public static class ModelWeights
{
    // Reference training checkpoints wrap the model in ACTLossHead ("model.") and torch.compile ("_orig_mod.").
    private static readonly string[] WrapperPrefixes = ["_orig_mod.", "model."];

    /// <summary>Parameters and persistent buffers by reference name, in the model's registration order (live tensors, not copies).</summary>
    public static IReadOnlyList<KeyValuePair<string, Tensor>> Named(nn.Module model) => model.state_dict().ToList();

    /// <summary>
    /// Copies <paramref name="source"/> into the model. Strict: every model name must be present, no extra names, equal
    /// shapes; otherwise an <see cref="HrmException"/> lists every problem. Names may carry the reference checkpoint
    /// prefixes "_orig_mod." / "model.".
    /// </summary>
    public static void Load(nn.Module model, IReadOnlyDictionary<string, Tensor> source, string sourceName)
    {
        var target = model.state_dict();
        var problems = new List<string>();
        var matched = new Dictionary<string, Tensor>();
        foreach (var (rawName, tensor) in source)
        {
            var name = Unwrap(rawName, target);
            if (!target.TryGetValue(name, out var destination))
                problems.Add($"{sourceName}: unexpected tensor '{rawName}' (the model has no such parameter or buffer)");
            else if (!matched.TryAdd(name, tensor))
                problems.Add($"{sourceName}: tensor '{name}' given twice");
            else if (!destination.shape.SequenceEqual(tensor.shape))
                problems.Add($"{sourceName}: tensor '{rawName}' has shape {Shape(tensor)} but the model expects {Shape(destination)}");
            else if (destination.is_floating_point() != tensor.is_floating_point())
                problems.Add($"{sourceName}: tensor '{rawName}' has dtype {tensor.dtype} but the model expects {destination.dtype}");
        }
        foreach (var name in target.Keys.Where(n => !matched.ContainsKey(n)))
            problems.Add($"{sourceName}: missing tensor '{name}'");
        if (problems.Count > 0)
            throw new HrmException(problems);

        using var _ = no_grad();
        foreach (var (name, tensor) in matched)
            target[name].copy_(tensor);
    }

    /// <summary>Loads a safetensors file strictly (see <see cref="Load"/>).</summary>
    public static void LoadFile(nn.Module model, string path)
    {
        using var file = Safetensors.Read(path);
        Load(model, file.Tensors, Path.GetFileName(path));
    }

    /// <summary>Writes every parameter and persistent buffer under its reference name.</summary>
    public static void SaveFile(nn.Module model, string path, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var meta = new Dictionary<string, string> { ["format"] = "pt" };
        if (metadata is not null)
            foreach (var (k, v) in metadata)
                meta[k] = v;
        Safetensors.Write(path, Named(model), meta);
    }

    /// <summary>A reference checkpoint name without its wrapper prefixes ("_orig_mod.model.inner.x" → "inner.x").</summary>
    public static string WithoutWrappers(string name)
    {
        foreach (var prefix in WrapperPrefixes)
            if (name.StartsWith(prefix, StringComparison.Ordinal))
                name = name[prefix.Length..];
        return name;
    }

    private static string Unwrap(string name, Dictionary<string, Tensor> known)
    {
        var current = name;
        foreach (var prefix in WrapperPrefixes)
            if (!known.ContainsKey(current) && current.StartsWith(prefix, StringComparison.Ordinal))
                current = current[prefix.Length..];
        return known.ContainsKey(current) ? current : name;
    }

    private static string Shape(Tensor t) => $"[{string.Join(", ", t.shape)}]";
}
