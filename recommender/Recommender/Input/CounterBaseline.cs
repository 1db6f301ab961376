using System.Text;
using KernelTruth.Contracts.Snapshot;

namespace KernelTruth.Recommender.Input;

/// <summary>
/// What the next interval of one cgroup starts from: the cumulative counters of its last good
/// reading and that reading's monotonic time, and nothing else (no path, identity, limit or
/// bucket bounds: the interval takes those from the newer reading).
/// Kept between readings as one byte array (<see cref="Pack"/>): every counter a <see cref="Varint"/>, so it
/// costs bytes by its size, not by its type, and stays exact; the three histograms' slots in use follow
/// (<see cref="CumulativeSlots"/>). <see cref="Unpack"/> gives the counters back for one delta; the
/// histograms are read from the array in place. Measured (benchmark, after 6 readings): 475 bytes per cgroup
/// as four objects and three arrays, about 170 so; the whole reading held 4.8 KB. The two counters that run beside
/// the on-CPU time (cgroup CPU usage and the periods' usage sum) are kept as their distance from it
/// (<see cref="Varint.Writer.PutNear"/>): a few bytes where each took 5–8.
/// </summary>
public readonly struct CounterBaseline
{
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
    private readonly CumulativeSlots _contentionSlots;
    private readonly CumulativeSlots _throttleSlots;

    private CounterBaseline(byte[] packed)
    {
        int at = 0;
        _has = (Has)packed[at++];
        PeriodSource = (Source)packed[at++] switch
        {
            Source.PeriodTimer => PeriodTimer,
            Source.Window => Window,
            Source.None => null!, // as the reading had it: the checks reject it before any delta
            _ => ReadString(packed, ref at),
        };
        MonotonicNs = Next();
        TrackedSince = Next();
        OnCpuNs = Next();
        if ((_has & Has.CpuStat) != 0)
        {
            _usageNs = (_has & Has.UsageNs) != 0 ? Varint.ReadNear(packed, ref at, OnCpuNs) : 0;
            (_nrPeriods, _nrThrottled, _throttledNs) = (Next(), Next(), Next());
        }

        (VoluntarySwitches, InvoluntarySwitches) = (Next(), Next());
        (_contentionCount, _contentionSumNs, _throttleCount, _throttleSumNs) = (Next(), Next(), Next(), Next());
        (PeriodNs, PeriodCount) = (Next(), Next());
        PeriodSumNs = Varint.ReadNear(packed, ref at, OnCpuNs);
        if ((_has & Has.Memory) != 0)
        {
            _peakBytes = (_has & Has.PeakBytes) != 0 ? Next() : 0;
            _oomKills = Next();
        }

        PeriodSlots = NextSlots();
        _contentionSlots = NextSlots();
        _throttleSlots = NextSlots();

        ulong Next() => Varint.Read(packed, ref at);
        CumulativeSlots NextSlots()
        {
            int length = (int)Next();
            at += length;
            return CumulativeSlots.Section(packed, at - length, at);
        }
    }

    private const string PeriodTimer = "period-timer";
    private const string Window = "window";

    private enum Source : byte
    {
        PeriodTimer,
        Window,
        Other,
        None,
    }

    [Flags]
    private enum Has : byte
    {
        CpuStat = 1,
        UsageNs = 2,
        Memory = 4,
        PeakBytes = 8,
    }

    public ulong MonotonicNs { get; }

    public ulong TrackedSince { get; }

    public CpuStatCounters? CpuStat => (_has & Has.CpuStat) != 0
        ? new CpuStatCounters((_has & Has.UsageNs) != 0 ? _usageNs : null, _nrPeriods, _nrThrottled, _throttledNs)
        : null;

    public ulong OnCpuNs { get; }

    public ulong VoluntarySwitches { get; }

    public ulong InvoluntarySwitches { get; }

    public WaitCounters ContentionWait => new(_contentionCount, _contentionSumNs, _contentionSlots);

    public WaitCounters ThrottleWait => new(_throttleCount, _throttleSumNs, _throttleSlots);

    /// <summary>"period-timer" and "window" are the same string for every cgroup, not one per parsed reading.</summary>
    public string PeriodSource { get; }

    public ulong PeriodNs { get; }

    public ulong PeriodCount { get; }

    public ulong PeriodSumNs { get; }

    public CumulativeSlots PeriodSlots { get; }

    public MemoryCounters? Memory => (_has & Has.Memory) != 0
        ? new MemoryCounters((_has & Has.PeakBytes) != 0 ? _peakBytes : null, _oomKills)
        : null;

    /// <summary>The baseline of one reading, for one delta (what <see cref="Unpack"/> of its <see cref="Pack"/> gives).</summary>
    public static CounterBaseline Of(CgroupSnapshot cgroup, ulong monotonicNs) => Unpack(Pack(cgroup, monotonicNs));

    /// <summary>The counters a delta needs from <paramref name="cgroup"/>, as few bytes as keep them exact.</summary>
    public static byte[] Pack(CgroupSnapshot cgroup, ulong monotonicNs)
    {
        ArgumentNullException.ThrowIfNull(cgroup);
        var sched = cgroup.Sched;
        var sections = (CumulativeSlots.Size(sched.PeriodUsage.Buckets), CumulativeSlots.Size(sched.ContentionWait.Log2UsBuckets), CumulativeSlots.Size(sched.ThrottleWait.Log2UsBuckets));
        var size = new Varint.Writer(null);
        Write(ref size, cgroup, monotonicNs, sections);
        var packed = new byte[size.Position];
        var writer = new Varint.Writer(packed);
        Write(ref writer, cgroup, monotonicNs, sections);
        return packed;
    }

    /// <summary>The counters <see cref="Pack"/> kept; the histograms are read from <paramref name="packed"/> in place.</summary>
    public static CounterBaseline Unpack(byte[] packed) => new(packed);

    /// <summary>The order <see cref="CounterBaseline(byte[])"/> reads back.</summary>
    private static void Write(ref Varint.Writer w, CgroupSnapshot c, ulong monotonicNs, (int Period, int Contention, int Throttle) sections)
    {
        var p = c.Sched.PeriodUsage;
        var has = (c.CpuStat is { } s ? Has.CpuStat | (s.UsageNs is null ? 0 : Has.UsageNs) : 0)
            | (c.Memory is { } m ? Has.Memory | (m.PeakBytes is null ? 0 : Has.PeakBytes) : 0);
        w.Byte((byte)has);
        var source = p.Source switch { PeriodTimer => Source.PeriodTimer, Window => Source.Window, null => Source.None, _ => Source.Other };
        w.Byte((byte)source);
        if (source == Source.Other && p.Source is { } other)
        {
            w.Put((ulong)Encoding.UTF8.GetByteCount(other));
            w.Put(Encoding.UTF8.GetBytes(other));
        }

        w.Put(monotonicNs);
        w.Put(c.TrackedSince);
        ulong onCpu = c.Sched.OnCpuNs;
        w.Put(onCpu);
        if (c.CpuStat is { } cpu)
        {
            if (cpu.UsageNs is ulong usage)
            {
                w.PutNear(usage, onCpu); // cgroup CPU time, the kernel's count of what the sensor counts as on-CPU
            }

            w.Put(cpu.NrPeriods);
            w.Put(cpu.NrThrottled);
            w.Put(cpu.ThrottledNs);
        }

        w.Put(c.Sched.VoluntarySwitches);
        w.Put(c.Sched.InvoluntarySwitches);
        w.Put(c.Sched.ContentionWait.Count);
        w.Put(c.Sched.ContentionWait.SumNs);
        w.Put(c.Sched.ThrottleWait.Count);
        w.Put(c.Sched.ThrottleWait.SumNs);
        w.Put(p.PeriodNs);
        w.Put(p.Count);
        w.PutNear(p.SumNs, onCpu); // the closed periods' usage: on-CPU time less the open period's
        if (c.Memory is { } memory)
        {
            if (memory.PeakBytes is ulong peak)
            {
                w.Put(peak);
            }

            w.Put(memory.OomKills);
        }

        Slots(ref w, p.Buckets, sections.Period);
        Slots(ref w, c.Sched.ContentionWait.Log2UsBuckets, sections.Contention);
        Slots(ref w, c.Sched.ThrottleWait.Log2UsBuckets, sections.Throttle);

        static void Slots(ref Varint.Writer w, IReadOnlyList<ulong> counts, int size)
        {
            w.Put((ulong)size); // the section's length, so the next one can be found without reading it
            if (!w.Counting)
            {
                CumulativeSlots.Write(ref w, counts);
            }
            else
            {
                w.Skip(size);
            }
        }
    }

    private static string ReadString(byte[] packed, ref int at)
    {
        int length = (int)Varint.Read(packed, ref at);
        at += length;
        return Encoding.UTF8.GetString(packed, at - length, length);
    }

    public readonly record struct CpuStatCounters(ulong? UsageNs, ulong NrPeriods, ulong NrThrottled, ulong ThrottledNs);

    public readonly record struct MemoryCounters(ulong? PeakBytes, ulong OomKills);

    public readonly struct WaitCounters(ulong count, ulong sumNs, CumulativeSlots slots)
    {
        public ulong Count { get; } = count;

        public ulong SumNs { get; } = sumNs;

        public CumulativeSlots Slots { get; } = slots;
    }
}
