using KernelTruth.Contracts.Snapshot;
using KernelTruth.Contracts.Units;
using KernelTruth.Models.Input;

namespace KernelTruth.Recommender.Input;

/// <summary>The arithmetic between a cgroup's baseline and a newer reading with the same trackedSince.</summary>
public static class CounterDeltas
{
    /// <summary>
    /// Why <paramref name="b"/> cannot be subtracted from <paramref name="a"/>, so that a new baseline starts at b;
    /// null when it can. The one rule for everything that takes deltas (the models' intervals, the CLI's windows).
    /// Worked example: a sensor started a moment ago reports a limited cgroup's period usage from fixed windows
    /// until the cgroup's first period timer fires, then from the period timer: the two histograms differ in
    /// kind, so the reading after the switch is a new baseline, not a delta.
    /// </summary>
    public static Discontinuity? Discontinuity(in CounterBaseline a, CgroupSnapshot b)
    {
        if (a.TrackedSince != b.TrackedSince)
        {
            return new Discontinuity("the sensor began counting it anew (trackedSince changed)", CounterReset: false);
        }

        if (a.CpuStat is null && b.CpuStat is not null)
        {
            return new Discontinuity("cpuStat is readable again", CounterReset: false);
        }

        // Before the backwards check: after a change of source the new histogram may be smaller, which is
        // not a counter going backwards.
        if (a.PeriodSource != b.Sched.PeriodUsage.Source || a.PeriodNs != b.Sched.PeriodUsage.PeriodNs)
        {
            return new Discontinuity("period usage changed source or period length; the two histograms do not subtract", CounterReset: false);
        }

        return FindBackwards(a, b) is { } counter ? new Discontinuity($"{counter} went backwards", CounterReset: true) : null;
    }

    /// <summary>The name of the first cumulative counter that decreased, or null when none did.</summary>
    public static string? FindBackwards(in CounterBaseline a, CgroupSnapshot b)
    {
        var sb = b.Sched;
        if (sb.OnCpuNs < a.OnCpuNs) return "sched.onCpuNs";
        if (sb.VoluntarySwitches < a.VoluntarySwitches || sb.InvoluntarySwitches < a.InvoluntarySwitches) return "sched switches";
        if (Backwards(a.ContentionWait, sb.ContentionWait)) return "sched.contentionWait";
        if (Backwards(a.ThrottleWait, sb.ThrottleWait)) return "sched.throttleWait";
        if (sb.PeriodUsage.Count < a.PeriodCount || sb.PeriodUsage.SumNs < a.PeriodSumNs || a.PeriodSlots.AnyAbove(sb.PeriodUsage.Buckets)) return "sched.periodUsage";
        if (a.CpuStat is { } ca && b.CpuStat is { } cb
            && (cb.NrPeriods < ca.NrPeriods || cb.NrThrottled < ca.NrThrottled || cb.ThrottledNs < ca.ThrottledNs || cb.UsageNs < ca.UsageNs))
        {
            return "cpuStat";
        }

        if (a.Memory is { } ma && b.Memory is { } mb && mb.OomKills < ma.OomKills) return "memory.oomKills";
        return null;
    }

    /// <summary>
    /// The interval from a to b. Usage comes from the kernel's cpuacct/usage_usec when present (what
    /// metrics-server averages), else from the sensor's on-CPU time. Throttled periods are the
    /// kernel's, capped at the periods the sensor saw so the two sources stay consistent.
    /// </summary>
    public static WorkloadInterval ToInterval(in CounterBaseline a, CgroupSnapshot b, TimeSpan duration, DateTimeOffset time)
    {
        var sb = b.Sched;
        double seconds = duration.TotalSeconds;
        ulong usageNs = a.CpuStat?.UsageNs is ulong ua && b.CpuStat?.UsageNs is ulong ub ? ub - ua : sb.OnCpuNs - a.OnCpuNs;
        double periodNs = sb.PeriodUsage.PeriodNs > 0 ? sb.PeriodUsage.PeriodNs : WorkloadInterval.DefaultPeriodSeconds * 1e9;
        var usage = PeriodUsageDelta(a.PeriodSlots, sb.PeriodUsage, periodNs);
        long periods = (long)((b.CpuStat?.NrPeriods ?? 0) - (a.CpuStat?.NrPeriods ?? 0));
        long throttled = (long)((b.CpuStat?.NrThrottled ?? 0) - (a.CpuStat?.NrThrottled ?? 0));
        long seenPeriods = (long)(sb.PeriodUsage.Count - a.PeriodCount);
        if (b.Limit is null)
        {
            throttled = 0; // the limit was removed during the interval: nothing is throttled now
        }
        else if (sb.PeriodUsage.Source == "period-timer" && seenPeriods > 0)
        {
            throttled = Math.Min(throttled, seenPeriods);
        }

        return new WorkloadInterval
        {
            Time = time,
            Duration = duration,
            UsageCores = seconds > 0 ? usageNs / 1e9 / seconds : 0,
            PeriodSeconds = periodNs / 1e9,
            PeriodUsage = usage,
            Periods = Math.Max(periods, throttled),
            ThrottledPeriods = throttled,
            ThrottleWaitSeconds = (sb.ThrottleWait.SumNs - a.ThrottleWait.SumNs) / 1e9,
            ThrottleWait = SlotDelta(a.ThrottleWait.Slots, sb.ThrottleWait.Log2UsBuckets),
            ContentionWait = SlotDelta(a.ContentionWait.Slots, sb.ContentionWait.Log2UsBuckets),
            LimitCores = b.Limit?.Cpus,
            BurstCores = b.Limit is { PeriodUs: > 0 } l ? (double)l.BurstUs / l.PeriodUs : 0,
            RequestCores = PodRequestCores(b),
            MemoryBytes = (long)(b.Memory?.WorkingSetBytes ?? b.Memory?.CurrentBytes ?? 0),
            MemoryPeakBytes = PeakInInterval(a.Memory, b.Memory),
            OomKills = a.Memory is { } ma && b.Memory is { } mb ? (long)(mb.OomKills - ma.OomKills) : 0, // kills before a reading we could not see have no time
        };
    }

    /// <summary>
    /// The CPU request in force, from the cpu.shares (v1) or cpu.weight (v2) the kubelet wrote for a pod's cgroups
    /// (a pod-level cgroup carries the sum of its containers' requests). Null elsewhere: outside kubepods the share
    /// is a default (1024, weight 100) that nobody requested; and null for BestEffort's minimum.
    /// </summary>
    internal static double? PodRequestCores(CgroupSnapshot b) => b.Identity.PodUid is null
        ? null
        : b.CpuShares is ulong shares ? CpuShares.RequestCores(shares)
        : b.CpuWeight is ulong weight ? CpuShares.RequestCoresFromWeight(weight)
        : null;

    /// <summary>
    /// The kernel's peak is since the cgroup began (v1 max_usage_in_bytes, v2 memory.peak): it says
    /// something about this interval only when it rose during it; otherwise the current value is
    /// the best lower bound of the interval's peak. Both count page cache; where the working set is known
    /// (usage minus inactive file, what VPA and KRR size memory on) the reading's working set is the peak used,
    /// as the kernel keeps no high-water mark of it.
    /// </summary>
    private static long? PeakInInterval(CounterBaseline.MemoryCounters? a, MemorySnapshot? b)
    {
        if (b is null)
        {
            return null;
        }

        if (b.WorkingSetBytes is ulong workingSet)
        {
            return (long)workingSet;
        }

        ulong peak = b.PeakBytes is ulong p && a?.PeakBytes is ulong pa && p > pa ? p : b.CurrentBytes;
        return (long)Math.Max(peak, b.CurrentBytes);
    }

    private static List<UsageBucket> PeriodUsageDelta(CumulativeSlots a, PeriodUsage b, double periodNs)
    {
        var buckets = new List<UsageBucket>();
        var before = a.Walk();
        for (int i = 0; i < b.Buckets.Count; i++)
        {
            ulong was = before.At(i);
            if (b.Buckets[i] > was)
            {
                double lower = i == 0 ? 0 : b.BucketBoundsNs[i - 1] / periodNs;
                double upper = b.BucketBoundsNs[i] == ulong.MaxValue ? lower * 2 : b.BucketBoundsNs[i] / periodNs;
                buckets.Add(new UsageBucket(lower, upper, (long)(b.Buckets[i] - was)));
            }
        }

        return buckets;
    }

    private static long[] SlotDelta(CumulativeSlots a, IReadOnlyList<ulong> b)
    {
        var delta = new long[b.Count];
        var before = a.Walk();
        for (int i = 0; i < b.Count; i++)
        {
            delta[i] = (long)(b[i] - before.At(i));
        }

        return delta;
    }

    private static bool Backwards(CounterBaseline.WaitCounters a, WaitHistogram b) =>
        b.Count < a.Count || b.SumNs < a.SumNs || a.Slots.AnyAbove(b.Log2UsBuckets);
}
