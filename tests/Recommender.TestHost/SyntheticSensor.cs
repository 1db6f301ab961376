using KernelTruth.Contracts.Cgroups;
using KernelTruth.Contracts.Snapshot;
using KernelTruth.Contracts.Sources;
using KernelTruth.Recommender.Input;

namespace KernelTruth.Recommender.TestHost;

/// <summary>
/// A sensor whose counters follow the real clocks: two cgroups limited to 0.2 CPU, /x using
/// 0.09 cores and /y 0.18, 15 % and 30 % of 100 ms periods throttled for 100 ms each. Counting
/// starts when the process does (trackedSince), as a restarted sensor would.
/// </summary>
internal sealed class SyntheticSensor(TimeProvider time) : ISnapshotSource
{
    private const ulong PeriodNs = 100_000_000;

    private readonly ulong _trackedSince = MonotonicNs(time);

    public Task<NodeSnapshot> ReadAsync(CancellationToken cancellationToken)
    {
        ulong now = MonotonicNs(time);
        ulong periods = (now - _trackedSince) / PeriodNs;
        return Task.FromResult(new NodeSnapshot
        {
            Node = "test-host",
            Kernel = "synthetic",
            CgroupVersion = 2,
            PeriodUsageSource = "period-timer",
            TakenAtUnixNs = (time.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks * 100,
            MonotonicNs = now,
            Cgroups = [Cgroup(42, "/x", periods, load: 1), Cgroup(43, "/y", periods, load: 2)],
        });
    }

    private static ulong MonotonicNs(TimeProvider time) => (ulong)(time.GetTimestamp() * (1e9 / time.TimestampFrequency));

    /// <summary>Per 100 periods: 40·load use 20–30 ms, the rest 10–20 ms; 15·load are throttled.</summary>
    private CgroupSnapshot Cgroup(ulong id, string path, ulong periods, ulong load)
    {
        ulong heavy = periods * 40 * load / 100;
        ulong throttled = periods * 15 * load / 100;
        return new CgroupSnapshot
        {
            Id = id,
            Path = path,
            TrackedSince = _trackedSince,
            Identity = new CgroupIdentity("cgroup"),
            Limit = new CpuLimitSnapshot(20_000, 100_000, 0, 0.2),
            CpuStat = new CpuStatSnapshot { UsageNs = periods * 9_000_000 * load, NrPeriods = periods, NrThrottled = throttled, ThrottledNs = throttled * PeriodNs },
            Sched = new SchedSnapshot
            {
                OnCpuNs = periods * 9_000_000 * load,
                VoluntarySwitches = periods,
                InvoluntarySwitches = throttled,
                ThrottleEvents = throttled,
                ContentionWait = new WaitHistogram(0, 0, []),
                ThrottleWait = new WaitHistogram(throttled, throttled * PeriodNs, [.. Enumerable.Repeat(0UL, 16), throttled]),
                PeriodUsage = new PeriodUsage
                {
                    Source = "period-timer",
                    PeriodNs = PeriodNs,
                    Count = periods,
                    SumNs = periods * 9_000_000 * load,
                    Buckets = [0, periods - heavy, heavy],
                    BucketBoundsNs = [10_000_000, 20_000_000, 30_000_000],
                },
            },
            Memory = new MemorySnapshot(100 << 20, 120 << 20, 0),
        };
    }
}
