using System.Runtime.InteropServices;

namespace KernelTruth.NodeSensor.Bpf.Native;

/// <summary>
/// libbpf's object/program/map/link API (libbpf.h), as shipped in libbpf 1.1 (Debian 12).
/// libbpf ≥ 1.0 returns -errno from int functions and NULL + errno from pointer functions, so only
/// the pointer-returning imports set SetLastError. Returned <c>const char *</c> are owned by libbpf
/// and come back as raw pointers so the marshaller does not free them.
/// The syscall wrappers from bpf.h are in LibBpf.Syscalls.cs.
/// </summary>
internal static unsafe partial class LibBpf
{
    private const string Lib = NativeLibraryResolver.LibBpf;

    static LibBpf() => NativeLibraryResolver.EnsureRegistered();

    [LibraryImport(Lib, EntryPoint = "bpf_object__open_mem", SetLastError = true)]
    internal static partial nint bpf_object__open_mem(byte* buf, nuint size, BpfObjectOpenOpts* opts);

    [LibraryImport(Lib, EntryPoint = "bpf_object__load")]
    internal static partial int bpf_object__load(nint obj);

    [LibraryImport(Lib, EntryPoint = "bpf_object__close")]
    internal static partial void bpf_object__close(nint obj);

    [LibraryImport(Lib, EntryPoint = "bpf_object__find_program_by_name", SetLastError = true,
        StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint bpf_object__find_program_by_name(nint obj, string name);

    [LibraryImport(Lib, EntryPoint = "bpf_object__find_map_by_name", SetLastError = true,
        StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint bpf_object__find_map_by_name(nint obj, string name);

    [LibraryImport(Lib, EntryPoint = "bpf_object__next_program")]
    internal static partial nint bpf_object__next_program(nint obj, nint prev);

    [LibraryImport(Lib, EntryPoint = "bpf_object__next_map")]
    internal static partial nint bpf_object__next_map(nint obj, nint prev);

    [LibraryImport(Lib, EntryPoint = "bpf_program__set_autoload")]
    internal static partial int bpf_program__set_autoload(nint prog, [MarshalAs(UnmanagedType.U1)] bool autoload);

    [LibraryImport(Lib, EntryPoint = "bpf_program__autoload")]
    [return: MarshalAs(UnmanagedType.U1)]
    internal static partial bool bpf_program__autoload(nint prog);

    [LibraryImport(Lib, EntryPoint = "bpf_program__attach", SetLastError = true)]
    internal static partial nint bpf_program__attach(nint prog);

    [LibraryImport(Lib, EntryPoint = "bpf_program__fd")]
    internal static partial int bpf_program__fd(nint prog);

    [LibraryImport(Lib, EntryPoint = "bpf_program__name")]
    internal static partial byte* bpf_program__name(nint prog);

    [LibraryImport(Lib, EntryPoint = "bpf_link__destroy")]
    internal static partial int bpf_link__destroy(nint link);

    [LibraryImport(Lib, EntryPoint = "bpf_map__fd")]
    internal static partial int bpf_map__fd(nint map);

    [LibraryImport(Lib, EntryPoint = "bpf_map__name")]
    internal static partial byte* bpf_map__name(nint map);

    [LibraryImport(Lib, EntryPoint = "bpf_map__set_max_entries")]
    internal static partial int bpf_map__set_max_entries(nint map, uint maxEntries);

    /// <summary>Pointer to the map's mmap-ed initial data (writable until load), or NULL.</summary>
    [LibraryImport(Lib, EntryPoint = "bpf_map__initial_value")]
    internal static partial byte* bpf_map__initial_value(nint map, nuint* size);

    [LibraryImport(Lib, EntryPoint = "bpf_map__value_size")]
    internal static partial uint bpf_map__value_size(nint map);

    [LibraryImport(Lib, EntryPoint = "libbpf_num_possible_cpus")]
    internal static partial int libbpf_num_possible_cpus();

    [LibraryImport(Lib, EntryPoint = "libbpf_find_vmlinux_btf_id", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int libbpf_find_vmlinux_btf_id(string name, BpfAttachType attachType);

    /// <summary>Returns the previous print function.</summary>
    [LibraryImport(Lib, EntryPoint = "libbpf_set_print")]
    internal static partial nint libbpf_set_print(delegate* unmanaged[Cdecl]<LibBpfPrintLevel, byte*, nint, int> fn);

    [LibraryImport(Lib, EntryPoint = "libbpf_version_string")]
    internal static partial byte* libbpf_version_string();

    /// <summary>Like strerror, but also knows libbpf's own codes (LIBBPF_ERRNO__*, 4000+).</summary>
    [LibraryImport(Lib, EntryPoint = "libbpf_strerror")]
    internal static partial int libbpf_strerror(int err, byte* buf, nuint size);

    internal static string? ToManaged(byte* utf8) => utf8 is null ? null : Marshal.PtrToStringUTF8((nint)utf8);
}
