namespace KernelTruth.NodeSensor.Bpf.Native;

/// <summary>
/// <c>enum bpf_map_type</c> (linux/bpf.h): the per-CPU types matter because a lookup writes one
/// value per possible CPU, so a buffer sized for one value would overflow.
/// </summary>
internal enum BpfMapType : uint
{
    Hash = 1,
    Array = 2,
    PercpuHash = 5,
    PercpuArray = 6,
    LruHash = 9,
    LruPercpuHash = 10,
    PercpuCgroupStorage = 21,
}
