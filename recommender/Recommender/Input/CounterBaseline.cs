using KernelTruth.Contracts.Snapshot;

namespace KernelTruth.Recommender.Input;

/// <summary>
/// What the next interval of one cgroup starts from: the cumulative counters of its last good
/// reading and that reading's monotonic time, and nothing else (no path, identity, limit or
/// bucket bounds: the interval takes those from the newer reading). One object and one array per
/// cgroup: the counters are fields of this object, exact as the kernel gave them, and the three
/// histograms share one packed array (<see cref="CumulativeSlots.Pack"/>). Measured (benchmark,
/// 6 readings): 475 bytes as four objects and three arrays, about 300 bytes so; the whole reading
/// held 4.8 KB.
/// </summary>
public sealed class CounterBaseline
{
    private const int PeriodSection = 0;
    private const int ContentionSection = 1;
    private const int ThrottleSection = 2;
    private const int DenseShift = 4; // bits 4–6 of _has: which of the three sections is kept dense

    private readonly ulong[]? _slots; // period usage, then contention wait, then throttle wait
    private readonly int _contentionFrom;
    private readonly int _throttleFrom;
    private readonly Has _has;

    private readonly ulong _usageNs;
    private readonly ulong _nrPeriods;
    private readonly ulong _nrThrottled;
    private readonly ulong _throttledNs;
    private readonly ulong _contentionCount;
    private readonly ulong _contentionSumNs;
    private readonly ulong _throttleCount;
    private readonly ulong _throttleSumNs;
    private readonly ulong _peakBytes;
    private readonly ulong _oomKills;

    private CounterBaseline(CgroupSnapshot c, ulong monotonicNs)
    {
        MonotonicNs = monotonicNs;
        TrackedSince = c.TrackedSince;
        if (c.CpuStat is { } s)
        {
            _has |= Has.CpuStat | (s.UsageNs is null ? 0 : Has.UsageNs);
            (_usageNs, _nrPeriods, _nrThrottled, _throttledNs) = (s.UsageNs ?? 0, s.NrPeriods, s.NrThrottled, s.ThrottledNs);
        }

        OnCpuNs = c.Sched.OnCpuNs;
        VoluntarySwitches = c.Sched.VoluntarySwitches;
        InvoluntarySwitches = c.Sched.InvoluntarySwitches;
        (_contentionCount, _contentionSumNs) = (c.Sched.ContentionWait.Count, c.Sched.ContentionWait.SumNs);
        (_throttleCount, _throttleSumNs) = (c.Sched.ThrottleWait.Count, c.Sched.ThrottleWait.SumNs);
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
        Span<int> ends = stackalloc int[3];
        _slots = CumulativeSlots.Pack([p.Buckets, c.Sched.ContentionWait.Log2UsBuckets, c.Sched.ThrottleWait.Log2UsBuckets], ends, out int dense);
        (_contentionFrom, _throttleFrom) = (ends[PeriodSection], ends[ContentionSection]); // the throttle section ends with the array
        _has |= (Has)(dense << DenseShift);
        if (c.Memory is { } m)
        {
            _has |= Has.Memory | (m.PeakBytes is null ? 0 : Has.PeakBytes);
            (_peakBytes, _oomKills) = (m.PeakBytes ?? 0, m.OomKills);
        }
    }

    public ulong MonotonicNs { get; }

    public ulong TrackedSince { get; }

    public CpuStatCounters? CpuStat => (_has & Has.CpuStat) != 0
        ? new CpuStatCounters((_has & Has.UsageNs) != 0 ? _usageNs : null, _nrPeriods, _nrThrottled, _throttledNs)
        : null;

    public ulong OnCpuNs { get; }

    public ulong VoluntarySwitches { get; }

    public ulong InvoluntarySwitches { get; }

    public WaitCounters ContentionWait => new(_contentionCount, _contentionSumNs, Slots(ContentionSection, _contentionFrom, _throttleFrom));

    public WaitCounters ThrottleWait => new(_throttleCount, _throttleSumNs, Slots(ThrottleSection, _throttleFrom, _slots?.Length ?? 0));

    public string PeriodSource { get; }

    public ulong PeriodNs { get; }

    public ulong PeriodCount { get; }

    public ulong PeriodSumNs { get; }

    public CumulativeSlots PeriodSlots => Slots(PeriodSection, 0, _contentionFrom);

    public MemoryCounters? Memory => (_has & Has.Memory) != 0
        ? new MemoryCounters((_has & Has.PeakBytes) != 0 ? _peakBytes : null, _oomKills)
        : null;

    public static CounterBaseline Of(CgroupSnapshot cgroup, ulong monotonicNs) => new(cgroup, monotonicNs);

    private CumulativeSlots Slots(int section, int from, int to) =>
        CumulativeSlots.Section(_slots, from, to, ((int)_has >> (DenseShift + section) & 1) != 0);

    public readonly record struct CpuStatCounters(ulong? UsageNs, ulong NrPeriods, ulong NrThrottled, ulong ThrottledNs);

    public readonly record struct MemoryCounters(ulong? PeakBytes, ulong OomKills);

    public readonly struct WaitCounters(ulong count, ulong sumNs, CumulativeSlots slots)
    {
        public ulong Count { get; } = count;

        public ulong SumNs { get; } = sumNs;

        public CumulativeSlots Slots { get; } = slots;
    }

    [Flags]
    private enum Has : byte
    {
        CpuStat = 1,
        UsageNs = 2,
        Memory = 4,
        PeakBytes = 8,
    }
}
