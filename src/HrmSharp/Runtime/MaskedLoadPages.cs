using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;

namespace HrmSharp.Runtime;

/// <summary>
/// Keeps libtorch's vectorised exp fast: finds the constants its AVX-512 code reads with masked loads and reads each of
/// their pages normally, every <see cref="Period"/>.
/// <para>
/// Why: Sleef's expf16 (every softmax and SiLU in libtorch) ends with a masked load of +∞ for overflowing lanes; almost
/// always every lane is masked off, so the load reads nothing. On this project's machines such a load was measured ~45×
/// slower (the whole exp ~30×) whenever the page it names has not been read normally since it was last mapped, e.g. after
/// the kernel reclaimed it (this VM runs DAMON page-out), and it stays slow, because a load that reads nothing never maps
/// the page back. That was the intermittent, minutes-long 2–3× slowdown of whole training steps in docs/BENCHMARKS.md.
/// One normal read, from any thread, ends it.
/// </para>
/// Linux x64 only; elsewhere, or when libtorch or its Sleef symbols are not found, it does nothing.
/// </summary>
public sealed class MaskedLoadPages : IDisposable
{
    /// <summary>Sleef entry points libtorch's AVX-512 kernels call (exp for softmax and SiLU; the others for completeness).</summary>
    public static readonly IReadOnlyList<string> Functions =
    [
        "Sleef_expf16_u10", "Sleef_exp2f16_u10", "Sleef_expm1f16_u10", "Sleef_logf16_u10", "Sleef_log1pf16_u10",
        "Sleef_tanhf16_u10", "Sleef_expd8_u10", "Sleef_logd8_u10",
    ];

    private const int ScanBytes = 1024;
    private const string Library = "libtorch_cpu.so";
    private readonly Timer _timer;
    private readonly object _gate = new();
    private nint[]? _addresses;
    private bool _searched;

    /// <summary>Starts keeping the pages; libtorch may load later (the search repeats until it is mapped).</summary>
    public MaskedLoadPages(TimeSpan period)
    {
        Period = period;
        _timer = new Timer(_ => Tick(), null, TimeSpan.Zero, period);
    }

    public TimeSpan Period { get; }

    /// <summary>The masked-load constants found (empty until libtorch is loaded, or when nothing was found).</summary>
    public IReadOnlyList<nint> Addresses
    {
        get { lock (_gate) return Resolve(); }
    }

    /// <summary>Reads each constant once, normally; call it directly to end a slow spell at once.</summary>
    public void Touch()
    {
        foreach (var a in Addresses)
            _ = Marshal.ReadByte(a);
    }

    private void Tick() => Touch();

    /// <summary>The addresses, searched for until libtorch is loaded and then kept; call under the lock.</summary>
    private nint[] Resolve()
    {
        if (_addresses is not null) return _addresses;
        nint[] found;
        try { found = Find(); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or OverflowException)
        {
            found = []; // a workaround, not a requirement: never let it take the process down
            _searched = true;
        }
        if (_searched) _addresses = found; // until then libtorch is not loaded: look again next time
        return found;
    }

    /// <summary>Scans the loaded libtorch for masked RIP-relative loads in the Sleef functions; empty if it is not loaded.</summary>
    private nint[] Find()
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64)
        {
            _searched = true;
            return [];
        }
        var ranges = Mapped(Library);
        if (ranges.Count == 0 || !NativeLibrary.TryLoad(ranges[0].Path, out var handle))
            return [];
        _searched = true;
        var found = new SortedSet<nint>();
        foreach (var name in Functions)
        {
            if (!NativeLibrary.TryGetExport(handle, name, out var code)) continue;
            var range = ranges.FirstOrDefault(r => r.Contains(code));
            if (range.Path is null) continue;
            var bytes = new byte[(int)Math.Min(ScanBytes, range.End - code)];
            Marshal.Copy(code, bytes, 0, bytes.Length);
            foreach (long target in MaskedRipTargets(bytes, code))
                if (ranges.Any(r => r.Readable && r.Contains((nint)target)))
                    found.Add((nint)target);
        }
        NativeLibrary.Free(handle); // TryLoad only added a reference; libtorch stays loaded
        return [.. found];
    }

    /// <summary>
    /// Addresses named by EVEX-encoded (AVX-512) instructions that have an opmask and a RIP-relative memory operand.
    /// A byte-wise scan, not a disassembler: a false match only adds a harmless read of a mapped page.
    /// </summary>
    public static IEnumerable<long> MaskedRipTargets(ReadOnlySpan<byte> code, long codeAddress)
    {
        var targets = new List<long>();
        for (int i = 0; i + 10 <= code.Length; i++)
        {
            if (code[i] != 0x62) continue;
            byte p0 = code[i + 1], p1 = code[i + 2], p2 = code[i + 3], opcode = code[i + 4], modrm = code[i + 5];
            int map = p0 & 0x03;
            bool evex = map != 0 && (p0 & 0x0C) == 0 && (p1 & 0x04) != 0;
            bool masked = (p2 & 0x07) != 0;
            bool ripRelative = (modrm & 0xC7) == 0x05;
            if (!evex || !masked || !ripRelative) continue;
            bool imm8 = map == 3 || (map == 1 && opcode is 0x70 or 0x71 or 0x72 or 0x73 or 0xC2 or 0xC4 or 0xC5 or 0xC6);
            int length = 10 + (imm8 ? 1 : 0);
            if (i + length > code.Length) continue;
            int displacement = BinaryPrimitives.ReadInt32LittleEndian(code[(i + 6)..]);
            targets.Add(codeAddress + i + length + displacement);
        }
        return targets;
    }

    private readonly record struct Mapping(nint Start, nint End, bool Readable, string Path)
    {
        public bool Contains(nint a) => a >= Start && a < End;
    }

    /// <summary>This process's mappings of a file whose name ends with <paramref name="fileName"/>, from /proc/self/maps.</summary>
    private static List<Mapping> Mapped(string fileName)
    {
        var result = new List<Mapping>();
        foreach (var line in File.ReadLines("/proc/self/maps"))
        {
            // start-end perms offset dev inode path
            var parts = line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 6 || !parts[5].EndsWith("/" + fileName, StringComparison.Ordinal)) continue;
            var bounds = parts[0].Split('-');
            result.Add(new Mapping(
                (nint)long.Parse(bounds[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture),
                (nint)long.Parse(bounds[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture),
                parts[1][0] == 'r', parts[5].Trim()));
        }
        return result;
    }

    public void Dispose() => _timer.Dispose();
}
