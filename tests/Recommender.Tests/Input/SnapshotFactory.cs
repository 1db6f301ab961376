using KernelTruth.NodeSensor.Cgroups;
using KernelTruth.NodeSensor.Snapshot;

namespace KernelTruth.Recommender.Tests.Input;

/// <summary>Hand-built sensor snapshots for one cgroup, with the counters a test cares about.</summary>
internal static class SnapshotFactory
{
    public static NodeSnapshot Node(ulong monotonicNs, params CgroupSnapshot[] cgroups) => new()
    {
        Node = "test-node",
        Kernel = "6.18.0",
        CgroupVersion = 1,
        PeriodUsageSource = "period-timer",
        TakenAtUnixNs = 1_763_700_000_000_000_000 + (long)monotonicNs,
        MonotonicNs = monotonicNs,
        Cgroups = cgroups,
    };

    /// <summary>A cgroup limited to 0.2 CPU (20 ms per 100 ms period) with the given cumulative counters.</summary>
    public static CgroupSnapshot Limited(
        ulong usageNs, ulong periods, ulong throttled, ulong throttleWaitNs, ulong[] periodBuckets,
        ulong trackedSince = 1, ulong contentionWaits = 0, ulong oomKills = 0, ulong memory = 100 << 20, ulong peak = 120 << 20) => new()
    {
        Id = 42,
        Path = "/demo",
        TrackedSince = trackedSince,
        Identity = new CgroupIdentity("cgroup"),
        Limit = new CpuLimitSnapshot(20_000, 100_000, 0, 0.2),
        CpuStat = new CpuStatSnapshot { UsageNs = usageNs, NrPeriods = periods, NrThrottled = throttled, ThrottledNs = throttleWaitNs },
        Sched = new SchedSnapshot
        {
            OnCpuNs = usageNs,
            VoluntarySwitches = 10,
            InvoluntarySwitches = throttled,
            ThrottleEvents = throttled,
            ContentionWait = new WaitHistogram(contentionWaits, contentionWaits * 50_000, [0, 0, 0, 0, 0, contentionWaits]), // 32–64 µs
            ThrottleWait = new WaitHistogram(throttled, throttleWaitNs, [.. Enumerable.Repeat(0UL, 16), throttled]), // 65–131 ms
            PeriodUsage = new PeriodUsage
            {
                Source = "period-timer",
                PeriodNs = 100_000_000,
                Count = (ulong)periodBuckets.Sum(b => (long)b),
                SumNs = usageNs,
                Buckets = periodBuckets,
                BucketBoundsNs = [.. Enumerable.Range(1, periodBuckets.Length).Select(i => (ulong)i * 10_000_000)], // 10 ms wide, for easy numbers
            },
        },
        Memory = new MemorySnapshot(memory, peak, oomKills),
    };
}
