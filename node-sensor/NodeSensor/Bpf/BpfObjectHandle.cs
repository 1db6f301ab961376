using System.Runtime.InteropServices;
using KernelTruth.NodeSensor.Bpf.Native;

namespace KernelTruth.NodeSensor.Bpf;

/// <summary>Owns a <c>struct bpf_object *</c>; closing it unloads its programs and maps.</summary>
internal sealed class BpfObjectHandle : SafeHandle
{
    internal BpfObjectHandle(nint obj)
        : base(nint.Zero, ownsHandle: true) => SetHandle(obj);

    public override bool IsInvalid => handle == nint.Zero;

    protected override bool ReleaseHandle()
    {
        LibBpf.bpf_object__close(handle);
        return true;
    }
}
