using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;

namespace KernelTruth.NodeSensor.Bpf.Native;

/// <summary>
/// Formats libbpf's printf-style messages. .NET cannot marshal a va_list (dotnet/runtime#9316), so
/// the list arrives as an opaque pointer and libc's vsnprintf does the formatting.
/// A verifier log arrives as ONE message ("-- BEGIN PROG LOAD LOG --\n%s-- END ..."), often far
/// larger than any fixed buffer, and its tail is the part that explains the rejection; so on
/// x86-64 we format into a small buffer from a copy of the list and, if that was too short, format
/// again from a fresh copy into a buffer of the exact size (the va_copy idiom).
/// </summary>
internal static unsafe class VaListFormatter
{
    private const int StackBufferSize = 1024;

    // Other ABIs (arm64's va_list is a 32-byte struct) get one truncating pass into this much.
    private const int SinglePassBufferSize = 64 * 1024;

    // libbpf's own verifier log buffer tops out at 16 MiB; never allocate more than that.
    private const int MaxMessageBytes = 16 * 1024 * 1024;

    internal static string Format(byte* format, nint args)
    {
        if (format is null)
        {
            return string.Empty;
        }

        return RuntimeInformation.ProcessArchitecture == Architecture.X64 && args != 0
            ? FormatWithCopies(format, (VaListX64*)args)
            : FormatOnce(format, args);
    }

    private static string FormatWithCopies(byte* format, VaListX64* args)
    {
        var copy = *args;
        var stack = stackalloc byte[StackBufferSize];
        var needed = LibC.vsnprintf(stack, StackBufferSize, format, (nint)(&copy));
        if (needed < 0)
        {
            return string.Empty;
        }

        if (needed < StackBufferSize)
        {
            return Encoding.UTF8.GetString(stack, needed);
        }

        var size = Math.Min(needed + 1, MaxMessageBytes);
        var rented = ArrayPool<byte>.Shared.Rent(size);
        try
        {
            fixed (byte* buffer = rented)
            {
                copy = *args;
                var written = LibC.vsnprintf(buffer, (nuint)size, format, (nint)(&copy));
                return Encoding.UTF8.GetString(buffer, Math.Clamp(written, 0, size - 1));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static string FormatOnce(byte* format, nint args)
    {
        var rented = ArrayPool<byte>.Shared.Rent(SinglePassBufferSize);
        try
        {
            fixed (byte* buffer = rented)
            {
                var written = LibC.vsnprintf(buffer, SinglePassBufferSize, format, args);
                return written < 0
                    ? string.Empty
                    : Encoding.UTF8.GetString(buffer, Math.Min(written, SinglePassBufferSize - 1));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
