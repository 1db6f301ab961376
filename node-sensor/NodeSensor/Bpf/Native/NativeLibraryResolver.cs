using System.Reflection;
using System.Runtime.InteropServices;

namespace KernelTruth.NodeSensor.Bpf.Native;

/// <summary>
/// Maps the logical library names of our P/Invokes to the sonames that exist on the node.
/// libbpf 1.x ships as libbpf.so.1 and 0.x (RHEL 8) as libbpf.so.0; the unversioned libbpf.so
/// exists only with -dev packages. "libc" must become libc.so.6 because libc.so on Debian is a
/// linker script that dlopen rejects.
/// </summary>
internal static class NativeLibraryResolver
{
    internal const string LibBpf = "libbpf";
    internal const string LibC = "libc";

    internal static readonly string[] LibBpfCandidates = ["libbpf.so.1", "libbpf.so.0", "libbpf.so"];
    private static readonly string[] LibCCandidates = ["libc.so.6", "libc"];

    private static readonly Lock Gate = new();
    private static bool _registered;

    /// <summary>Idempotent; the runtime allows one resolver per assembly.</summary>
    internal static void EnsureRegistered()
    {
        lock (Gate)
        {
            if (_registered)
            {
                return;
            }

            NativeLibrary.SetDllImportResolver(typeof(NativeLibraryResolver).Assembly, Resolve);
            _registered = true;
        }
    }

    /// <summary>True when one of the libbpf sonames can be loaded into this process.</summary>
    internal static bool TryLoadLibBpf(out string? loadedName)
    {
        foreach (var candidate in LibBpfCandidates)
        {
            if (NativeLibrary.TryLoad(candidate, out _))
            {
                loadedName = candidate;
                return true;
            }
        }

        loadedName = null;
        return false;
    }

    private static nint Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        var candidates = libraryName switch
        {
            LibBpf => LibBpfCandidates,
            LibC => LibCCandidates,
            _ => null,
        };
        if (candidates is null)
        {
            return nint.Zero; // not ours: default probing
        }

        foreach (var candidate in candidates)
        {
            if (NativeLibrary.TryLoad(candidate, assembly, searchPath, out var handle))
            {
                return handle;
            }
        }

        return nint.Zero;
    }
}
