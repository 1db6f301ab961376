using System.Runtime.InteropServices;

namespace KernelTruth.NodeSensor.Bpf.Native;

/// <summary>
/// The thin bpf(2) wrappers from bpf.h. All return 0 / an fd on success and -errno on failure
/// (libbpf ≥ 1.0), so none needs SetLastError.
/// </summary>
internal static unsafe partial class LibBpf
{
    [LibraryImport(Lib, EntryPoint = "bpf_map_lookup_elem")]
    internal static partial int bpf_map_lookup_elem(int fd, void* key, void* value);

    [LibraryImport(Lib, EntryPoint = "bpf_map_delete_elem")]
    internal static partial int bpf_map_delete_elem(int fd, void* key);

    [LibraryImport(Lib, EntryPoint = "bpf_map_update_elem")]
    internal static partial int bpf_map_update_elem(int fd, void* key, void* value, ulong flags);

    /// <summary>key = NULL starts from the first key; -ENOENT after the last.</summary>
    [LibraryImport(Lib, EntryPoint = "bpf_map_get_next_key")]
    internal static partial int bpf_map_get_next_key(int fd, void* key, void* nextKey);

    /// <summary>
    /// in_batch = NULL starts from the beginning; *count is in/out. Returns -ENOENT when the map is
    /// exhausted, with *count holding the final partial chunk.
    /// </summary>
    [LibraryImport(Lib, EntryPoint = "bpf_map_lookup_batch")]
    internal static partial int bpf_map_lookup_batch(
        int fd, void* inBatch, void* outBatch, void* keys, void* values, uint* count, BpfMapBatchOpts* opts);

    /// <summary>Returns an fd; statistics stay on while it is open.</summary>
    [LibraryImport(Lib, EntryPoint = "bpf_enable_stats")]
    internal static partial int bpf_enable_stats(BpfStatsType type);

    /// <summary>libbpf 1.1 has no bpf_prog_get_info_by_fd (1.2); this is the generic form.</summary>
    [LibraryImport(Lib, EntryPoint = "bpf_obj_get_info_by_fd")]
    internal static partial int bpf_obj_get_info_by_fd(int fd, void* info, uint* infoLen);

    [LibraryImport(Lib, EntryPoint = "bpf_prog_get_fd_by_id")]
    internal static partial int bpf_prog_get_fd_by_id(uint id);

    /// <summary>BPF_PROG_TEST_RUN: runs a loaded program once in the calling thread (libbpf 0.7+).</summary>
    [LibraryImport(Lib, EntryPoint = "bpf_prog_test_run_opts")]
    internal static partial int bpf_prog_test_run_opts(int progFd, BpfTestRunOpts* opts);

    [LibraryImport(Lib, EntryPoint = "bpf_prog_load", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int bpf_prog_load(
        BpfProgType progType, string? progName, string license, ulong* insns, nuint insnCount, BpfProgLoadOpts* opts);
}
