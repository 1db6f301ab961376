using KernelTruth.Contracts.Cgroups;
using KernelTruth.Contracts.Snapshot;

namespace KernelTruth.MetricsAdapter.Tests.Fakes;

/// <summary>
/// Hand-built snapshots of cgroups doing the same thing every second, as cumulative counters at
/// second <c>t</c>: <paramref name="usageCores"/> of CPU, <paramref name="periods"/> CFS periods of
/// which <paramref name="throttled"/> throttled, each throttle wait 1 ms (slot 9, 512–1024 µs →
/// p99 upper edge 1.024 ms) and <paramref name="contentionWaits"/> run-queue waits of 40 µs
/// (slot 5, 32–64 µs → p99 64 µs).
/// </summary>
internal static class Snapshots
{
    public const ulong Second = 1_000_000_000;
    public const long WallStartNs = 1_763_700_000_000_000_000; // 2025-11-21T04:40:00Z

    public static DateTimeOffset WallAt(int t) => DateTimeOffset.UnixEpoch.AddTicks((WallStartNs + (t * (long)Second)) / 100);

    public static CgroupSnapshot Cgroup(ulong id, string path, int t, double usageCores, ulong periods = 10, ulong throttled = 0, ulong contentionWaits = 100, CgroupIdentity? identity = null)
    {
        ulong n = (ulong)t;
        ulong usageNs = (ulong)(usageCores * Second) * n;
        ulong throttledTotal = throttled * n;
        ulong waitNs = throttledTotal * 1_000_000;
        ulong contention = contentionWaits * n;
        return new CgroupSnapshot
        {
            Id = id,
            Path = path,
            TrackedSince = 1,
            Identity = identity ?? new CgroupIdentity("cgroup"),
            Limit = throttled > 0 ? new CpuLimitSnapshot(50_000, 100_000, 0, 0.5) : null,
            CpuStat = new CpuStatSnapshot { UsageNs = usageNs, NrPeriods = periods * n, NrThrottled = throttledTotal, ThrottledNs = waitNs },
            Sched = new SchedSnapshot
            {
                OnCpuNs = usageNs,
                VoluntarySwitches = 10 * n,
                InvoluntarySwitches = throttledTotal,
                ThrottleEvents = throttledTotal,
                ContentionWait = new WaitHistogram(contention, contention * 40_000, [0, 0, 0, 0, 0, contention]),
                ThrottleWait = new WaitHistogram(throttledTotal, waitNs, [.. Enumerable.Repeat(0UL, 9), throttledTotal]),
                PeriodUsage = new PeriodUsage
                {
                    Source = "period-timer",
                    PeriodNs = 100_000_000,
                    Count = 0,
                    SumNs = 0,
                    Buckets = [],
                    BucketBoundsNs = [],
                },
            },
            Memory = new MemorySnapshot(100 << 20, null, 0),
        };
    }

    public static NodeSnapshot Node(int t, params CgroupSnapshot[] cgroups) => new()
    {
        Node = "node-a",
        Kernel = "6.18.0",
        CgroupVersion = 1,
        PeriodUsageSource = "period-timer",
        TakenAtUnixNs = WallStartNs + (t * (long)Second),
        MonotonicNs = (ulong)(t + 1000) * Second,
        Cgroups = cgroups,
    };
}
