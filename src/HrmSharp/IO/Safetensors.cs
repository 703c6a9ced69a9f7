using System.Buffers.Binary;
using System.Text.Json;
using static TorchSharp.torch;

namespace HrmSharp.IO;

/// <summary>
/// Reader and writer for the safetensors format (what the PyTorch world exchanges weights in):
/// u64 little-endian header length N, N bytes of JSON {name: {dtype, shape, data_offsets: [begin, end)}, "__metadata__": {str: str}},
/// then the raw little-endian row-major data; offsets are relative to the end of the header.
/// </summary>
public static class Safetensors
{
    private const string MetadataKey = "__metadata__";

    /// <summary>Reads every tensor of a file onto the CPU. A malformed, truncated or inconsistent file gives an <see cref="HrmException"/> naming the file and tensor.</summary>
    public static SafetensorsFile Read(string path)
    {
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("safetensors data is little-endian; this reader needs a little-endian host");
        var file = System.IO.Path.GetFileName(path);
        if (!File.Exists(path))
            throw new HrmException($"{path}: file not found");

        using var stream = File.OpenRead(path);
        long fileLength = stream.Length;
        if (fileLength < 8)
            throw new HrmException($"{file}: {fileLength} bytes is too short for a safetensors header length");

        Span<byte> lengthBytes = stackalloc byte[8];
        stream.ReadExactly(lengthBytes);
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
        if (headerLength > (ulong)(fileLength - 8))
            throw new HrmException($"{file}: header length {headerLength} exceeds the {fileLength - 8} bytes after it (truncated, or not a safetensors file)");

        var headerBytes = new byte[(int)headerLength];
        stream.ReadExactly(headerBytes);
        long dataStart = 8 + (long)headerLength;
        long dataLength = fileLength - dataStart;

        var entries = ParseHeader(file, headerBytes, dataLength, out var metadata);
        var tensors = new List<(string, Tensor)>(entries.Count);
        try
        {
            foreach (var e in entries)
            {
                var t = empty(e.Shape, e.Type).DetachFromDisposeScope();
                tensors.Add((e.Name, t));
                if (e.End > e.Begin)
                {
                    stream.Seek(dataStart + e.Begin, SeekOrigin.Begin);
                    t.ReadBytesFromStream(stream, bufferSize: (int)Math.Min(e.End - e.Begin, 1 << 20));
                }
            }
        }
        catch
        {
            foreach (var (_, t) in tensors)
                t.Dispose();
            throw;
        }
        return new SafetensorsFile(path, tensors, metadata);
    }

    /// <summary>
    /// Writes tensors (in the given order) and optional metadata. Tensors are copied to contiguous CPU memory;
    /// the header is space-padded so the data section starts 8-byte aligned, as the reference writer does.
    /// </summary>
    public static void Write(string path, IEnumerable<KeyValuePair<string, Tensor>> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("safetensors data is little-endian; this writer needs a little-endian host");
        var list = tensors.ToList();
        var duplicate = list.GroupBy(kv => kv.Key).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new HrmException($"{System.IO.Path.GetFileName(path)}: tensor name '{duplicate.Key}' given twice");

        var header = new MemoryStream();
        long offset = 0;
        using (var json = new Utf8JsonWriter(header))
        {
            json.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                json.WriteStartObject(MetadataKey);
                foreach (var (k, v) in metadata)
                    json.WriteString(k, v);
                json.WriteEndObject();
            }
            foreach (var (name, t) in list)
            {
                if (name == MetadataKey)
                    throw new HrmException($"'{MetadataKey}' is reserved and cannot name a tensor");
                long bytes = t.NumberOfElements * t.ElementSize;
                json.WriteStartObject(name);
                json.WriteString("dtype", SafetensorsDType.CodeOf(t.dtype, name));
                json.WriteStartArray("shape");
                foreach (var d in t.shape)
                    json.WriteNumberValue(d);
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(offset + bytes);
                json.WriteEndArray();
                json.WriteEndObject();
                offset += bytes;
            }
            json.WriteEndObject();
        }
        while ((8 + header.Length) % 8 != 0)
            header.WriteByte((byte)' ');

        var tmp = path + ".tmp";
        using (var stream = File.Create(tmp))
        {
            Span<byte> lengthBytes = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(lengthBytes, (ulong)header.Length);
            stream.Write(lengthBytes);
            header.Position = 0;
            header.CopyTo(stream);
            foreach (var (_, t) in list)
            {
                using var scope = NewDisposeScope();
                var cpu = t.detach().cpu().contiguous();
                if (cpu.NumberOfElements > 0)
                    cpu.WriteBytesToStream(stream, bufferSize: (int)Math.Min(cpu.NumberOfElements * cpu.ElementSize, 1 << 20));
            }
        }
        File.Move(tmp, path, overwrite: true);
    }

    private sealed record Entry(string Name, ScalarType Type, long[] Shape, long Begin, long End);

    private static List<Entry> ParseHeader(string file, byte[] headerBytes, long dataLength, out Dictionary<string, string> metadata)
    {
        using (var doc = JsonInput.Parse(headerBytes, $"{file} header"))
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                throw new HrmException($"{file}: header must be a JSON object, found {doc.RootElement.ValueKind}");

            metadata = [];
            var entries = new List<Entry>();
            var seen = new HashSet<string>();
            foreach (var prop in doc.RootElement.EnumerateObject())
            {
                if (!seen.Add(prop.Name))
                    throw new HrmException($"{file}: tensor '{prop.Name}' appears twice in the header");
                if (prop.Name == MetadataKey)
                {
                    if (prop.Value.ValueKind != JsonValueKind.Object)
                        throw new HrmException($"{file}: {MetadataKey} must be an object of strings");
                    foreach (var m in prop.Value.EnumerateObject())
                    {
                        if (m.Value.ValueKind != JsonValueKind.String)
                            throw new HrmException($"{file}: {MetadataKey} entry '{m.Name}' is not a string");
                        metadata[m.Name] = m.Value.GetString()!;
                    }
                    continue;
                }
                entries.Add(ParseEntry(file, prop, dataLength));
            }
            return entries;
        }
    }

    private static Entry ParseEntry(string file, JsonProperty prop, long dataLength)
    {
        var name = prop.Name;
        HrmException Bad(string what) => new($"{file}: tensor '{name}' {what}");

        var v = prop.Value;
        if (v.ValueKind != JsonValueKind.Object)
            throw Bad("is not described by a JSON object");
        if (!v.TryGetProperty("dtype", out var dtypeEl) || dtypeEl.ValueKind != JsonValueKind.String)
            throw Bad("has no dtype");
        var code = dtypeEl.GetString()!;
        if (!SafetensorsDType.TryParse(code, out var type, out int elementSize))
            throw Bad($"has unsupported dtype '{code}' (supported: {string.Join(", ", SafetensorsDType.Codes)})");

        if (!v.TryGetProperty("shape", out var shapeEl) || shapeEl.ValueKind != JsonValueKind.Array)
            throw Bad("has no shape array");
        var shape = new long[shapeEl.GetArrayLength()];
        int i = 0;
        foreach (var d in shapeEl.EnumerateArray())
        {
            if (d.ValueKind != JsonValueKind.Number || !d.TryGetInt64(out shape[i]) || shape[i] < 0)
                throw Bad($"has an invalid shape entry {d.GetRawText()}");
            i++;
        }

        if (!v.TryGetProperty("data_offsets", out var offEl) || offEl.ValueKind != JsonValueKind.Array || offEl.GetArrayLength() != 2)
            throw Bad("needs data_offsets [begin, end)");
        var offsets = offEl.EnumerateArray().ToArray();
        if (!offsets[0].TryGetInt64(out long begin) || !offsets[1].TryGetInt64(out long end) || begin < 0 || end < begin)
            throw Bad($"has invalid data_offsets {offEl.GetRawText()}");

        long expected;
        try
        {
            expected = checked(shape.Aggregate(1L, (a, b) => a * b) * elementSize);
        }
        catch (OverflowException)
        {
            throw Bad($"has a shape [{string.Join(", ", shape)}] too large to address");
        }
        if (end - begin != expected)
            throw Bad($"has shape [{string.Join(", ", shape)}] ({expected} bytes as {code}) but data_offsets [{begin},{end}) span {end - begin} bytes");
        if (end > dataLength)
            throw Bad($"needs bytes [{begin},{end}) but the data section has {dataLength} (truncated file?)");
        return new Entry(name, type, shape, begin, end);
    }
}
