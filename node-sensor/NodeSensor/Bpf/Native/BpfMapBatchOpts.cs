using System.Runtime.InteropServices;

namespace KernelTruth.NodeSensor.Bpf.Native;

/// <summary><c>struct bpf_map_batch_opts</c> (bpf/bpf.h, libbpf 1.1), 24 bytes.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct BpfMapBatchOpts
{
    public nuint Size;      // sz         @0
    public ulong ElemFlags; // elem_flags @8
    public ulong Flags;     // flags      @16

    public static unsafe BpfMapBatchOpts Create() => new() { Size = (nuint)sizeof(BpfMapBatchOpts) };
}
