using System.Runtime.InteropServices;
using KernelTruth.NodeSensor.Bpf.Native;

namespace KernelTruth.NodeSensor.Bpf;

/// <summary>
/// Owns a <c>struct bpf_link *</c>; destroying it detaches the program. The owning
/// <see cref="BpfObject"/> destroys its links before closing itself, because a live link keeps the
/// program in the kernel.
/// </summary>
internal sealed class BpfLinkHandle : SafeHandle
{
    internal BpfLinkHandle(nint link, string programName)
        : base(nint.Zero, ownsHandle: true)
    {
        SetHandle(link);
        ProgramName = programName;
    }

    public string ProgramName { get; }

    public override bool IsInvalid => handle == nint.Zero;

    protected override bool ReleaseHandle() => LibBpf.bpf_link__destroy(handle) == 0;
}
