using System.Runtime.InteropServices;
using KernelTruth.NodeSensor.Bpf.Native;

namespace KernelTruth.NodeSensor.Bpf;

/// <summary>A plain fd we own (e.g. the bpf_enable_stats fd, which keeps stats on while open).</summary>
internal sealed class FileDescriptorHandle : SafeHandle
{
    internal FileDescriptorHandle(int fd)
        : base(new nint(-1), ownsHandle: true) => SetHandle(fd);

    public override bool IsInvalid => handle < 0;

    internal int Fd => (int)handle;

    protected override bool ReleaseHandle() => LibC.close((int)handle) == 0;
}
