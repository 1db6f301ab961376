using KernelTruth.Contracts.Cgroups;
using KernelTruth.Contracts.Snapshot;
using KernelTruth.NodeSensor.Cgroups;

namespace KernelTruth.Cli.Tests.Fakes;

/// <summary>Hand-built sensor snapshots of one cgroup, "/demo", after <c>k</c> seconds of a steady load.</summary>
internal static class Snapshots
{
    public const ulong Second = 1_000_000_000;

    public static NodeSnapshot Node(int k, params CgroupSnapshot[] cgroups) => new()
    {
        Node = "test-node",
        Kernel = "6.18.0",
        CgroupVersion = 1,
        PeriodUsageSource = "period-timer",
        TakenAtUnixNs = 1_763_700_000_000_000_000 + (k * (long)Second),
        MonotonicNs = (ulong)(k + 1) * Second,
        Cgroups = cgroups,
    };

    /// <summary>
    /// After k seconds under a 0.2-CPU limit: per second 10 periods, 8 of them throttled at 20 ms and
    /// 2 using 10–20 ms, 0.18 s of CPU, 8 throttle waits of 80 ms (the rest of each period).
    /// </summary>
    public static CgroupSnapshot Throttled(int k, ulong trackedSince = 1) => Cgroup(k, trackedSince, periodsPerSecond: 10, throttledPerSecond: 8);

    /// <summary>A cgroup that exists but never runs.</summary>
    public static CgroupSnapshot Idle(int k) => Cgroup(k, 1, periodsPerSecond: 0, throttledPerSecond: 0);

    private static CgroupSnapshot Cgroup(int k, ulong trackedSince, ulong periodsPerSecond, ulong throttledPerSecond)
    {
        ulong n = (ulong)k;
        ulong throttled = throttledPerSecond * n;
        ulong light = (periodsPerSecond - throttledPerSecond) * n;
        ulong usageNs = (throttled * 20_000_000) + (light * 15_000_000);
        return new CgroupSnapshot
        {
            Id = 42,
            Path = "/demo",
            TrackedSince = trackedSince,
            Identity = new CgroupIdentity("cgroup"),
            Limit = new CpuLimitSnapshot(20_000, 100_000, 0, 0.2),
            CpuStat = new CpuStatSnapshot { UsageNs = usageNs, NrPeriods = periodsPerSecond * n, NrThrottled = throttled, ThrottledNs = throttled * 80_000_000 },
            Sched = new SchedSnapshot
            {
                OnCpuNs = usageNs,
                VoluntarySwitches = 10 * n,
                InvoluntarySwitches = throttled,
                ThrottleEvents = throttled,
                ContentionWait = new WaitHistogram(n, n * 50_000, [0, 0, 0, 0, 0, n]), // 32–64 µs
                ThrottleWait = new WaitHistogram(throttled, throttled * 80_000_000, [.. Enumerable.Repeat(0UL, 16), throttled]), // 65–131 ms
                PeriodUsage = new PeriodUsage
                {
                    Source = "period-timer",
                    PeriodNs = 100_000_000,
                    Count = periodsPerSecond * n,
                    SumNs = usageNs,
                    Buckets = [0, light, throttled], // [10, 20) ms and [20, 30) ms
                    BucketBoundsNs = [10_000_000, 20_000_000, 30_000_000],
                },
            },
            Memory = new MemorySnapshot(100 << 20, 120 << 20, 0),
        };
    }
}
