using System.Runtime.InteropServices;
using HrmSharp.Runtime;
using static TorchSharp.torch;

namespace HrmSharp.Tests.Runtime;

public sealed class MaskedLoadPagesTests
{
    [Fact]
    public void FindsMaskedRipRelativeLoadsAndNothingElse()
    {
        // From libtorch 2.10's Sleef_expf16_u10, at 0x125b26b9..0x125b26d0:
        byte[] code =
        [
            0x62, 0xf1, 0x65, 0x49, 0xdb, 0xc3,                   // vpandd %zmm3,%zmm3,%zmm0{%k1}   masked, registers only
            0x62, 0xf1, 0x74, 0x48, 0xc2, 0xcc, 0x11,             // vcmplt_oqps %zmm4,%zmm1,%k1     unmasked, registers only
            0x62, 0xf2, 0x7d, 0x49, 0x18, 0x05, 0x00, 0x8a, 0x6f, 0x00, // vbroadcastss 0x6f8a00(%rip),%zmm0{%k1}
            0xc3,                                                 // ret
        ];
        Assert.Equal([0x12cab0d0L], MaskedLoadPages.MaskedRipTargets(code, 0x125b26b9));

        // The same load without a mask (aaa = 0) reads its page normally: not reported.
        code[16] = 0x48;
        Assert.Empty(MaskedLoadPages.MaskedRipTargets(code, 0x125b26b9));
    }

    [Fact]
    public void ImmediateOperandsMoveTheRipBase()
    {
        // vcmpps $0x11, disp32(%rip), %zmm1, %k1{%k2}: map 1, opcode C2, with an imm8 after the displacement (11 bytes).
        byte[] code = [0x62, 0xf1, 0x74, 0x4a, 0xc2, 0x0d, 0x10, 0x00, 0x00, 0x00, 0x11];
        Assert.Equal([1000L + 11 + 0x10], MaskedLoadPages.MaskedRipTargets(code, 1000));
    }

    [Fact]
    public void FindsLibtorchsExpConstantsInThisProcess()
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64)
            return; // the keeper does nothing elsewhere (asserted below for this platform only)
        using var loaded = ones(1).softmax(0); // libtorch is loaded
        using var pages = new MaskedLoadPages(Timeout.InfiniteTimeSpan);
        var addresses = pages.Addresses;
        Assert.NotEmpty(addresses);
        var libtorch = File.ReadLines("/proc/self/maps")
            .Where(l => l.EndsWith("/libtorch_cpu.so", StringComparison.Ordinal))
            .Select(l => l.Split(' ')[0].Split('-').Select(h => Convert.ToInt64(h, 16)).ToArray())
            .ToList();
        Assert.All(addresses, a => Assert.Contains(libtorch, r => a >= r[0] && a < r[1]));
        pages.Touch(); // every address is readable
    }
}
