using KernelTruth.NodeSensor.Bpf.Programs;

namespace KernelTruth.NodeSensor.Sampling;

/// <summary>The kernel's start events of one cgroup, CLOCK_MONOTONIC ns, 0 = not yet.</summary>
internal readonly record struct StartTimes(ulong CreatedNs, ulong FirstTaskNs, ulong FirstExecNs, ulong FirstListenNs)
{
    public static StartTimes From(CgroupStartTimelineNative t) => new(t.CreatedNs, t.FirstTaskNs, t.FirstExecNs, t.FirstListenNs);
}
