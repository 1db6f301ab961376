using System.Runtime.InteropServices;

namespace KernelTruth.NodeSensor.Bpf.Native;

/// <summary>libbpf's BPF_MAP_TYPE_RINGBUF consumer (libbpf.h, ring_buffer__*; in libbpf since 0.0.9).</summary>
internal static unsafe partial class LibBpf
{
    /// <summary>
    /// <c>struct ring_buffer *ring_buffer__new(int map_fd, ring_buffer_sample_fn sample_cb, void *ctx, const struct ring_buffer_opts *opts)</c>,
    /// sample_cb being <c>int (*)(void *ctx, void *data, size_t size)</c>.
    /// </summary>
    [LibraryImport(Lib, EntryPoint = "ring_buffer__new", SetLastError = true)]
    internal static partial nint ring_buffer__new(int mapFd, delegate* unmanaged<nint, void*, nuint, int> sampleCb, nint ctx, void* opts);

    /// <summary>Waits up to timeoutMs for data, then calls sample_cb per record; returns records consumed or -errno.</summary>
    [LibraryImport(Lib, EntryPoint = "ring_buffer__poll")]
    internal static partial int ring_buffer__poll(nint rb, int timeoutMs);

    /// <summary>Calls sample_cb for every record already there, without waiting.</summary>
    [LibraryImport(Lib, EntryPoint = "ring_buffer__consume")]
    internal static partial int ring_buffer__consume(nint rb);

    [LibraryImport(Lib, EntryPoint = "ring_buffer__free")]
    internal static partial void ring_buffer__free(nint rb);
}
