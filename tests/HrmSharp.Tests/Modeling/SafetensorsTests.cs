using System.Buffers.Binary;
using System.Text.Json;
using HrmSharp.IO;
using static TorchSharp.torch;

namespace HrmSharp.Tests.Modeling;

public sealed class SafetensorsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("hrm-st-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string PathOf(string name) => Path.Combine(_dir, name);

    [Fact]
    public void EveryDTypeScalarsAndEmptyTensorsRoundTripBitwise()
    {
        using var scope = NewDisposeScope();
        using var gen = new Generator(3);
        var tensors = new Dictionary<string, Tensor>
        {
            ["f32"] = randn([3, 4], generator: gen),
            ["f64"] = randn([2, 2, 2], ScalarType.Float64, generator: gen),
            ["bf16"] = randn([5], generator: gen).to(ScalarType.BFloat16),
            ["f16"] = randn([2, 3], generator: gen).to(ScalarType.Float16),
            ["i32"] = tensor(new[] { -7, 0, int.MaxValue }),
            ["i64"] = tensor(new[] { long.MinValue, 42L }),
            ["bool"] = tensor(new[] { true, false, true }),
            ["u8"] = tensor(new byte[] { 0, 255, 9 }),
            ["scalar"] = tensor(3.25, ScalarType.Float64),      // 0-dim
            ["empty"] = zeros(0, 4),                           // no bytes
            ["noncontiguous"] = randn([4, 3], generator: gen).t(), // written contiguous
        };
        var path = PathOf("all.safetensors");
        Safetensors.Write(path, tensors, new Dictionary<string, string> { ["format"] = "pt", ["note"] = "ünïcode" });

        using var file = Safetensors.Read(path);
        Assert.Equal(tensors.Keys, file.Names);
        Assert.Equal("ünïcode", file.Metadata["note"]);
        foreach (var (name, expected) in tensors)
        {
            var actual = file[name];
            Assert.Equal(expected.dtype, actual.dtype);
            Assert.Equal(expected.shape, actual.shape);
            Assert.Equal(expected.contiguous().bytes.ToArray(), actual.bytes.ToArray());
        }
        Assert.Equal(0, (8 + HeaderLength(path)) % 8); // data section 8-byte aligned
    }

    [Fact]
    public void TruncatedFileNamesTheTensorAndTheMissingBytes()
    {
        var path = PathOf("weights.safetensors");
        using (var scope = NewDisposeScope())
            Safetensors.Write(path, new Dictionary<string, Tensor> { ["a"] = zeros(4), ["x"] = zeros(2, 3) });
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^5]); // x needs [16, 40): cut 5 bytes

        var ex = Assert.Throws<HrmException>(() => Safetensors.Read(path));
        Assert.Equal("weights.safetensors: tensor 'x' needs bytes [16,40) but the data section has 35 (truncated file?)", ex.Message);
    }

    [Fact]
    public void HeaderLongerThanTheFileIsReported()
    {
        var path = PathOf("short.safetensors");
        var bytes = new byte[20];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, 1000);
        File.WriteAllBytes(path, bytes);
        var ex = Assert.Throws<HrmException>(() => Safetensors.Read(path));
        Assert.Contains("short.safetensors: header length 1000 exceeds the 12 bytes after it", ex.Message);
    }

    [Fact]
    public void BadHeaderJsonIsReported()
    {
        var path = PathOf("bad.safetensors");
        WriteRaw(path, "{\"x\": {\"dtype\": \"F32\", ");
        var ex = Assert.Throws<HrmException>(() => Safetensors.Read(path));
        Assert.StartsWith("bad.safetensors header: invalid JSON at line 1", ex.Message);
    }

    [Fact]
    public void ShapeThatDisagreesWithTheOffsetsIsReported()
    {
        var path = PathOf("mismatch.safetensors");
        WriteRaw(path, "{\"w\": {\"dtype\": \"F32\", \"shape\": [2, 3], \"data_offsets\": [0, 20]}}", dataBytes: 24);
        var ex = Assert.Throws<HrmException>(() => Safetensors.Read(path));
        Assert.Equal("mismatch.safetensors: tensor 'w' has shape [2, 3] (24 bytes as F32) but data_offsets [0,20) span 20 bytes", ex.Message);
    }

    [Fact]
    public void UnknownDTypeIsReported()
    {
        var path = PathOf("dtype.safetensors");
        WriteRaw(path, "{\"w\": {\"dtype\": \"F8_E4M3\", \"shape\": [1], \"data_offsets\": [0, 1]}}", dataBytes: 1);
        var ex = Assert.Throws<HrmException>(() => Safetensors.Read(path));
        Assert.StartsWith("dtype.safetensors: tensor 'w' has unsupported dtype 'F8_E4M3'", ex.Message);
    }

    [Theory]
    [InlineData("layers")]
    [InlineData("hrm")]
    [InlineData("trm")]
    public void FixturesLoadWithTheDTypesAndShapesTheirManifestsList(string name)
    {
        var folder = Path.Combine(TestPaths.Fixtures, "parity", name);
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "manifest.json")));
        using var file = Safetensors.Read(Path.Combine(folder, "tensors.safetensors"));
        var listed = manifest.RootElement.GetProperty("tensors").EnumerateObject().ToList();
        Assert.Equal(listed.Select(t => t.Name).Order(), file.Names.Order());
        foreach (var t in listed)
        {
            var dtype = t.Value.GetProperty("dtype").GetString() switch
            {
                "float32" => ScalarType.Float32, "float64" => ScalarType.Float64, "int32" => ScalarType.Int32,
                "int64" => ScalarType.Int64, "bool" => ScalarType.Bool, var other => throw new InvalidDataException(other),
            };
            Assert.Equal(dtype, file[t.Name].dtype);
            Assert.Equal(t.Value.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()), file[t.Name].shape);
        }
    }

    [Fact]
    public void FixtureValuesAreReadCorrectly()
    {
        using var file = Safetensors.Read(Path.Combine(TestPaths.Fixtures, "parity", "layers", "tensors.safetensors"));
        // manifest trunc_normal_init.comp_std_for_std_1, independent of the tensor data
        Assert.Equal(1.1368472343385565, file["trunc_normal/comp_std_std1"].item<double>(), 15);
        // manifest: labels -100 at [0,2] and [1,4]; logits [0,0,0] = 0.0 and [0,0,1] = -0.0
        var labels = file["losses/labels"];
        Assert.Equal(-100, labels[0, 2].item<int>());
        Assert.Equal(-100, labels[1, 4].item<int>());
        Assert.True(float.IsNegative(file["losses/logits"][0, 0, 1].item<float>()));
        Assert.Equal(0f, file["losses/logits"][0, 0, 1].item<float>());
    }

    private static long HeaderLength(string path) => (long)BinaryPrimitives.ReadUInt64LittleEndian(File.ReadAllBytes(path).AsSpan(0, 8));

    private static void WriteRaw(string path, string header, int dataBytes = 0)
    {
        var h = System.Text.Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + h.Length + dataBytes];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)h.Length);
        h.CopyTo(bytes, 8);
        File.WriteAllBytes(path, bytes);
    }
}
