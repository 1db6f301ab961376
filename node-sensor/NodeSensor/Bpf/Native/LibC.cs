using System.Runtime.InteropServices;

namespace KernelTruth.NodeSensor.Bpf.Native;

/// <summary>The two libc calls the loader needs: formatting libbpf's va_list and closing fds.</summary>
internal static unsafe partial class LibC
{
    private const string Lib = NativeLibraryResolver.LibC;

    static LibC() => NativeLibraryResolver.EnsureRegistered();

    /// <summary>
    /// Consumes <paramref name="args"/>; on x86-64 a va_list is a pointer to a 24-byte state that
    /// this call advances, so pass a copy when the list may be formatted again.
    /// </summary>
    [LibraryImport(Lib, EntryPoint = "vsnprintf")]
    internal static partial int vsnprintf(byte* buffer, nuint size, byte* format, nint args);

    [LibraryImport(Lib, EntryPoint = "close", SetLastError = true)]
    internal static partial int close(int fd);
}
