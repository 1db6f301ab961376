using System.Runtime.InteropServices;
using System.Text;
using KernelTruth.NodeSensor.Bpf.Native;

namespace KernelTruth.NodeSensor.Tests.Bpf;

/// <summary>
/// Builds System V x86-64 va_lists by hand: with gp_offset = 48 and fp_offset = 304 (register
/// save area used up) every argument comes from overflow_arg_area, one 8-byte slot each — exactly
/// what libbpf's callers hand us for arguments past the registers.
/// </summary>
public sealed unsafe class VaListFormatterTests
{
    [Fact]
    public void Format_ShortMessage_SubstitutesArguments()
    {
        Assert.Equal("prog 'x': failed to load: -13", FormatX64("prog '%s': failed to load: %d", "x", -13));
    }

    [Fact]
    public void Format_MessageLongerThanStackBuffer_ReturnsWholeMessageIncludingTail()
    {
        // A verifier log arrives as one %s argument; its end explains the rejection.
        var log = new string('v', 5000) + "\ninvalid access to map value\n";

        var text = FormatX64("-- BEGIN PROG LOAD LOG --\n%s-- END PROG LOAD LOG --\n", log, 0);

        // 5029 characters of log + 26 + 24 of frame: far past the 1 KiB first pass, so this only
        // passes when the second pass formats from a fresh copy of the va_list.
        Assert.Equal("-- BEGIN PROG LOAD LOG --\n" + log + "-- END PROG LOAD LOG --\n", text);
    }

    [Fact]
    public void Format_NullFormat_Empty()
    {
        Assert.Equal(string.Empty, VaListFormatter.Format(null, 0));
    }

    private static string FormatX64(string format, string text, long number)
    {
        Assert.True(RuntimeInformation.ProcessArchitecture == Architecture.X64,
            "these tests build an x86-64 va_list by hand; other architectures need their own ABI");
        fixed (byte* fmt = Encoding.UTF8.GetBytes(format + "\0"))
        fixed (byte* str = Encoding.UTF8.GetBytes(text + "\0"))
        {
            var slots = stackalloc long[2];
            slots[0] = (long)str;
            slots[1] = number;
            var list = new VaListX64 { GpOffset = 48, FpOffset = 304, OverflowArgArea = (nint)slots };
            return VaListFormatter.Format(fmt, (nint)(&list));
        }
    }
}
