using System.Runtime.InteropServices;

namespace KernelTruth.NodeSensor.Tests.Bpf;

/// <summary>Mirror of <c>struct loader_test_config</c> (BpfTestPrograms/loader_test.h), 16 bytes.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct LoaderTestConfig
{
    public uint HashEntries;
    public uint ValueBase;
    public ulong Reserved;
}
