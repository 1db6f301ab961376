using System.Runtime.InteropServices;

namespace KernelTruth.NodeSensor.Bpf.Native;

/// <summary>
/// <c>struct bpf_object_open_opts</c> exactly as in libbpf 1.1 (bpf/libbpf.h), 80 bytes on LP64.
/// libbpf reads only the first <see cref="Size"/> bytes, so newer libbpf versions with a longer
/// struct accept this one unchanged.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct BpfObjectOpenOpts
{
    public nuint Size;               // sz                  @0
    public byte* ObjectName;         // object_name         @8
    public byte RelaxedMaps;         // bool relaxed_maps   @16
    public byte* PinRootPath;        // pin_root_path       @24
    public uint RemovedAttachProgFd; // __u32 :32           @32 (was attach_prog_fd)
    public byte* Kconfig;            // kconfig             @40
    public byte* BtfCustomPath;      // btf_custom_path     @48
    public byte* KernelLogBuf;       // kernel_log_buf      @56
    public nuint KernelLogSize;      // kernel_log_size     @64
    public uint KernelLogLevel;      // kernel_log_level    @72, then size_t :0 pads to 80

    public static BpfObjectOpenOpts Create(byte* objectName) =>
        new() { Size = (nuint)sizeof(BpfObjectOpenOpts), ObjectName = objectName };
}
