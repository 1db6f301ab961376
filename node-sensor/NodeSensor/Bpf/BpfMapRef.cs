using KernelTruth.NodeSensor.Bpf.Native;

namespace KernelTruth.NodeSensor.Bpf;

/// <summary>A loaded map as the readers need it: fd, kernel-reported shape, and names for errors.</summary>
internal readonly record struct BpfMapRef(string ObjectName, string MapName, int Fd, BpfMapInfo Info)
{
    internal bool IsPerCpu => Info.Type is BpfMapType.PercpuHash or BpfMapType.PercpuArray
        or BpfMapType.LruPercpuHash or BpfMapType.PercpuCgroupStorage;

    internal BpfStageException ReadError(int errno, string detail) =>
        new(BpfStage.Read, ObjectName, $"map {MapName}", errno, detail);
}
