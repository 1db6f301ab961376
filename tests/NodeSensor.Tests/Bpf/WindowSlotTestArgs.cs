using System.Runtime.InteropServices;

namespace KernelTruth.NodeSensor.Tests.Bpf;

/// <summary>Mirror of <c>struct window_slot_test_args</c> (BpfTestPrograms/window_slot_test.h), 16 bytes.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct WindowSlotTestArgs
{
    public ulong Window;
    public ulong Ns;
}
