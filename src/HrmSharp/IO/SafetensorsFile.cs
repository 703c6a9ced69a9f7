using static TorchSharp.torch;

namespace HrmSharp.IO;

/// <summary>
/// The contents of a safetensors file: tensors by name (in file order) and the string metadata.
/// Owns its tensors: disposing the file disposes every tensor that was not taken with <see cref="Take"/>.
/// </summary>
public sealed class SafetensorsFile : IDisposable
{
    private readonly Dictionary<string, Tensor> _tensors;

    public string Path { get; }
    public IReadOnlyList<string> Names { get; }
    public IReadOnlyDictionary<string, string> Metadata { get; }
    public IReadOnlyDictionary<string, Tensor> Tensors => _tensors;

    internal SafetensorsFile(string path, IReadOnlyList<(string Name, Tensor Tensor)> tensors, IReadOnlyDictionary<string, string> metadata)
    {
        Path = path;
        Names = tensors.Select(t => t.Name).ToArray();
        _tensors = tensors.ToDictionary(t => t.Name, t => t.Tensor);
        Metadata = metadata;
    }

    public Tensor this[string name] =>
        _tensors.TryGetValue(name, out var t) ? t : throw new HrmException($"{System.IO.Path.GetFileName(Path)}: no tensor named '{name}'");

    public bool Contains(string name) => _tensors.ContainsKey(name);

    /// <summary>The tensors whose names start with <paramref name="prefix"/>, keyed by the rest of the name.</summary>
    public IReadOnlyDictionary<string, Tensor> WithPrefix(string prefix) =>
        Names.Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).ToDictionary(n => n[prefix.Length..], n => _tensors[n]);

    /// <summary>Removes a tensor from this file's ownership; the caller disposes it.</summary>
    public Tensor Take(string name)
    {
        var t = this[name];
        _tensors.Remove(name);
        return t;
    }

    public void Dispose()
    {
        foreach (var t in _tensors.Values)
            t.Dispose();
        _tensors.Clear();
    }
}
