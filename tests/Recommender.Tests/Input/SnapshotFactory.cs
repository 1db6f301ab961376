using KernelTruth.Contracts.Cgroups;
using KernelTruth.Contracts.Snapshot;

namespace KernelTruth.Recommender.Tests.Input;

/// <summary>Hand-built sensor snapshots for one cgroup, with the counters a test cares about.</summary>
internal static class SnapshotFactory
{
    public const ulong Second = 1_000_000_000;

    /// <summary>Snapshot k of a scripted run: monotonic (k + 1) × 10 s, wall time in step with it.</summary>
    public static ulong At(int k) => (ulong)(k + 1) * 10 * Second;

    /// <summary>
    /// Reading k of a steady workload limited to 0.2 CPU, as cumulative counters. Every 10 s it
    /// uses <paramref name="load"/> × 0.9 s of CPU over 100 periods: 40·load periods use 20–30 ms,
    /// the rest 10–20 ms; 15·load periods are throttled, each waiting 100 ms (slot 16, 65–131 ms).
    /// load 1 → 0.09 cores average, 15 % throttled; load 2 → 0.18 cores, 30 % throttled.
    /// </summary>
    public static CgroupSnapshot Steady(int k, ulong id, string path, ulong load = 1, ulong trackedSince = 1)
    {
        ulong n = (ulong)k;
        ulong throttled = 15 * load * n;
        return Limited(
            usageNs: 900_000_000 * load * n,
            periods: 100 * n,
            throttled: throttled,
            throttleWaitNs: throttled * 100_000_000,
            periodBuckets: [0, (100 - (40 * load)) * n, 40 * load * n],
            trackedSince: trackedSince,
            contentionWaits: 3 * n) with { Id = id, Path = path };
    }

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
