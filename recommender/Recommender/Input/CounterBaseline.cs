using KernelTruth.Contracts.Snapshot;

namespace KernelTruth.Recommender.Input;

/// <summary>
/// What the next interval of one cgroup starts from: the cumulative counters of its last good
/// reading and that reading's monotonic time, and nothing else (no path, identity, limit or
/// bucket bounds: the interval takes those from the newer reading). About 350 bytes instead of
/// the 4.8 KB the whole reading held (benchmark, docs/architecture.md).
/// </summary>
public sealed class CounterBaseline
{
    private CounterBaseline(CgroupSnapshot c, ulong monotonicNs)
    {
        MonotonicNs = monotonicNs;
        TrackedSince = c.TrackedSince;
        CpuStat = c.CpuStat is { } s ? new CpuStatCounters(s.UsageNs, s.NrPeriods, s.NrThrottled, s.ThrottledNs) : null;
        OnCpuNs = c.Sched.OnCpuNs;
        VoluntarySwitches = c.Sched.VoluntarySwitches;
        InvoluntarySwitches = c.Sched.InvoluntarySwitches;
        ContentionWait = new WaitCounters(c.Sched.ContentionWait);
        ThrottleWait = new WaitCounters(c.Sched.ThrottleWait);
        var p = c.Sched.PeriodUsage;
        PeriodSource = p.Source switch
        {
            "period-timer" => "period-timer", // one string for every cgroup, not one per parsed reading
            "window" => "window",
            _ => p.Source,
        };
        PeriodNs = p.PeriodNs;
        PeriodCount = p.Count;
        PeriodSumNs = p.SumNs;
        PeriodSlots = CumulativeSlots.Of(p.Buckets);
        Memory = c.Memory is { } m ? new MemoryCounters(m.PeakBytes, m.OomKills) : null;
    }

    public ulong MonotonicNs { get; }

    public ulong TrackedSince { get; }

    public CpuStatCounters? CpuStat { get; }

    public ulong OnCpuNs { get; }

    public ulong VoluntarySwitches { get; }

    public ulong InvoluntarySwitches { get; }

    public WaitCounters ContentionWait { get; }

    public WaitCounters ThrottleWait { get; }

    public string PeriodSource { get; }

    public ulong PeriodNs { get; }

    public ulong PeriodCount { get; }

    public ulong PeriodSumNs { get; }

    public CumulativeSlots PeriodSlots { get; }

    public MemoryCounters? Memory { get; }

    public static CounterBaseline Of(CgroupSnapshot cgroup, ulong monotonicNs) => new(cgroup, monotonicNs);

    public sealed record CpuStatCounters(ulong? UsageNs, ulong NrPeriods, ulong NrThrottled, ulong ThrottledNs);

    public sealed record MemoryCounters(ulong? PeakBytes, ulong OomKills);

    public readonly struct WaitCounters(WaitHistogram h)
    {
        public ulong Count { get; } = h.Count;

        public ulong SumNs { get; } = h.SumNs;

        public CumulativeSlots Slots { get; } = CumulativeSlots.Of(h.Log2UsBuckets);
    }
}
