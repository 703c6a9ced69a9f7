using System.Collections;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace HrmSharp.IO;

/// <summary>
/// State dicts in the format PyTorch's <c>torch.save</c> writes (a zip holding <c>data.pkl</c> and one file per storage),
/// read and written through TorchSharp.PyBridge. Reading never runs pickled code: PyBridge's unpickler only rebuilds
/// tensors and ordered dicts, and anything else (a class, a callable, a number) becomes an inert placeholder that this
/// reader then refuses by name. Files are returned in the same owning container as safetensors files.
/// </summary>
public static class PyTorchFile
{
    /// <summary>What a weights file holds, told from its first bytes.</summary>
    public enum Kind { Zip, Safetensors, LegacyPickle, Unknown }

    public static Kind Detect(string path)
    {
        Span<byte> head = stackalloc byte[9];
        using var stream = File.OpenRead(path);
        int read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        head = head[..read];
        if (read >= 4 && head[0] == (byte)'P' && head[1] == (byte)'K' && head[2] == 3 && head[3] == 4)
            return Kind.Zip;
        if (read >= 9 && head[8] == (byte)'{')
            return Kind.Safetensors; // u64 header length, then the JSON header
        if (read >= 2 && head[0] == 0x80 && head[1] is >= 2 and <= 5)
            return Kind.LegacyPickle; // a bare pickle: torch.save before PyTorch 1.6, or _use_new_zipfile_serialization=False
        return Kind.Unknown;
    }

    /// <summary>
    /// Reads a <c>torch.save</c> state dict onto the CPU. A truncated or corrupted file, a pickle whose values are not all
    /// tensors, or a whole pickled module gives an <see cref="HrmException"/> naming the file (and the entry).
    /// </summary>
    public static SafetensorsFile Read(string path)
    {
        var file = Path.GetFileName(path);
        if (!File.Exists(path))
            throw new HrmException($"{path}: file not found");
        switch (Detect(path))
        {
            case Kind.Zip: break;
            case Kind.LegacyPickle:
                throw new HrmException($"{file}: a pre-1.6 PyTorch pickle; re-save it with torch.save(state_dict, path) from PyTorch 1.6 or newer");
            default:
                throw new HrmException($"{file}: not a PyTorch checkpoint (torch.save writes a zip archive)");
        }

        Hashtable dict;
        try
        {
            using var stream = File.OpenRead(path);
            dict = PyTorchUnpickler.UnpickleStateDict(stream);
        }
        catch (HrmException) { throw; }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new HrmException($"{file}: not a readable torch.save state dict ({Reason(ex)})");
        }

        var tensors = new List<(string, Tensor)>(dict.Count);
        var problems = new List<string>();
        foreach (DictionaryEntry entry in dict)
        {
            if (entry.Key is not string name)
                problems.Add($"{file}: a key of type {TypeName(entry.Key)} (a state dict's keys are parameter names)");
            else if (entry.Value is Tensor t)
                tensors.Add((name, t.DetachFromDisposeScope()));
            else
                problems.Add($"{file}: '{name}' holds {TypeName(entry.Value)}, not a tensor (only state dicts of tensors are read)");
        }
        if (problems.Count > 0)
        {
            foreach (var (_, t) in tensors)
                t.Dispose();
            throw new HrmException(problems);
        }
        // The pickle's dict is unordered here; sort by name so every reader sees one order.
        tensors.Sort((a, b) => string.CompareOrdinal(a.Item1, b.Item1));
        return new SafetensorsFile(path, tensors, new Dictionary<string, string>());
    }

    /// <summary>Writes tensors as a <c>torch.save</c> state dict (loadable with <c>torch.load</c>), atomically.</summary>
    public static void Write(string path, IEnumerable<KeyValuePair<string, Tensor>> tensors)
    {
        var dict = new Hashtable();
        foreach (var (name, tensor) in tensors)
            dict[name] = tensor.detach().cpu().contiguous();
        var temp = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            using (var stream = File.Create(temp))
                PyTorchPickler.PickleStateDict(stream, dict);
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
            foreach (DictionaryEntry e in dict)
                ((Tensor)e.Value!).Dispose();
        }
    }

    private static string Reason(Exception ex) => ex switch
    {
        InvalidDataException => "the zip archive is truncated or corrupted: " + ex.Message.TrimEnd('.'),
        InvalidCastException or KeyNotFoundException or IndexOutOfRangeException => "its pickle is not a state dict of tensors",
        EndOfStreamException => "an entry ends early (truncated)",
        _ => ex.Message.TrimEnd('.'),
    };

    private static string TypeName(object? value) => value switch
    {
        null => "None",
        Razorvine.Pickle.Objects.ClassDict c => $"a pickled {c.ClassName} object",
        _ => $"a {value.GetType().Name}",
    };
}
