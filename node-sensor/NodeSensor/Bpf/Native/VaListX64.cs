using System.Runtime.InteropServices;

namespace KernelTruth.NodeSensor.Bpf.Native;

/// <summary>
/// The System V x86-64 <c>__va_list_tag</c>. A C <c>va_list</c> parameter is a pointer to one of
/// these, and vsnprintf advances it; copying the 24 bytes is exactly what va_copy does, which lets
/// us format a message twice when the first buffer was too small.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct VaListX64
{
    public uint GpOffset;        // @0
    public uint FpOffset;        // @4
    public nint OverflowArgArea; // @8
    public nint RegSaveArea;     // @16, 24 bytes total
}
