using static TorchSharp.torch;

namespace HrmSharp.IO;

/// <summary>The safetensors dtype codes we read and write, and their TorchSharp types.</summary>
public static class SafetensorsDType
{
    private static readonly (string Code, ScalarType Type, int Size)[] Table =
    [
        ("F64", ScalarType.Float64, 8),
        ("F32", ScalarType.Float32, 4),
        ("BF16", ScalarType.BFloat16, 2),
        ("F16", ScalarType.Float16, 2),
        ("I64", ScalarType.Int64, 8),
        ("I32", ScalarType.Int32, 4),
        ("I16", ScalarType.Int16, 2),
        ("I8", ScalarType.Int8, 1),
        ("U8", ScalarType.Byte, 1),
        ("BOOL", ScalarType.Bool, 1),
    ];

    public static IEnumerable<string> Codes => Table.Select(e => e.Code);

    public static bool TryParse(string code, out ScalarType type, out int elementSize)
    {
        foreach (var e in Table)
        {
            if (e.Code == code)
            {
                (type, elementSize) = (e.Type, e.Size);
                return true;
            }
        }
        (type, elementSize) = (default, 0);
        return false;
    }

    /// <summary>The code for a tensor dtype; throws <see cref="HrmException"/> for types safetensors (or we) cannot store.</summary>
    public static string CodeOf(ScalarType type, string tensorName)
    {
        foreach (var e in Table)
            if (e.Type == type)
                return e.Code;
        throw new HrmException($"tensor '{tensorName}' has dtype {type}, which cannot be written to safetensors (supported: {string.Join(", ", Codes)})");
    }
}
