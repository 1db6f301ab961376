using KernelTruth.Contracts.Cgroups;
using KernelTruth.Contracts.Snapshot;

namespace KernelTruth.NodeSensor.Tests.Prometheus;

/// <summary>Hand-made snapshots whose numbers the /metrics tests can state exactly.</summary>
internal static class MetricsSnapshots
{
    public static NodeSnapshot Node(params CgroupSnapshot[] cgroups) => new()
    {
        Node = "test-node",
        Kernel = "6.18.0",
        CgroupVersion = 1,
        PeriodUsageSource = "window",
        TakenAtUnixNs = 0,
        MonotonicNs = 0,
        Cgroups = cgroups,
        Sensor = new SensorHealth(new Dictionary<string, ulong> { ["bpf_cgroup_map_full"] = 2, ["program_unavailable_cfs_period"] = 1, ["cgroup_gone"] = 4 }),
    };

    /// <param name="onCpuNs">On-CPU time; the other counters are fixed fractions of the path's test.</param>
    /// <param name="contention">Per-slot log2 µs wait counts.</param>
    public static CgroupSnapshot Cgroup(string path, ulong onCpuNs, ulong[] contention, ulong contentionSumNs, double? limitCores = null) => new()
    {
        Id = 1,
        Path = path,
        TrackedSince = 0,
        Identity = new CgroupIdentity("cgroup"),
        Limit = limitCores is { } cores ? new CpuLimitSnapshot((long)(cores * 100_000), 100_000, 0, cores) : null,
        CpuStat = new CpuStatSnapshot { NrPeriods = 10, NrThrottled = 8, ThrottledNs = 640_000_000 },
        Sched = new SchedSnapshot
        {
            OnCpuNs = onCpuNs,
            VoluntarySwitches = 5,
            InvoluntarySwitches = 7,
            ThrottleEvents = 8,
            ContentionWait = new WaitHistogram((ulong)contention.Sum(n => (long)n), contentionSumNs, contention),
            ThrottleWait = new WaitHistogram(0, 0, []),
            PeriodUsage = new PeriodUsage { Source = "window", PeriodNs = 100_000_000, Count = 0, SumNs = 0, Buckets = [], BucketBoundsNs = [] },
        },
        Memory = new MemorySnapshot(4096, null, 0),
    };
}
