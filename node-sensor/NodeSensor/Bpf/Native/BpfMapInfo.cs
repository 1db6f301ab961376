using System.Runtime.InteropServices;

namespace KernelTruth.NodeSensor.Bpf.Native;

/// <summary>
/// The first 40 bytes of <c>struct bpf_map_info</c> (linux/bpf.h), through name: enough to check
/// that a C# key/value type matches the map before the kernel writes into our buffers.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct BpfMapInfo
{
    public BpfMapType Type;      // @0
    public uint Id;              // @4
    public uint KeySize;         // @8
    public uint ValueSize;       // @12
    public uint MaxEntries;      // @16
    public uint MapFlags;        // @20
    public fixed byte Name[16];  // @24 BPF_OBJ_NAME_LEN, prefix ends at 40
}
