using KernelTruth.Models.Input;
using KernelTruth.NodeSensor.Snapshot;

namespace KernelTruth.Recommender.Input;

/// <summary>The arithmetic between two snapshots of one cgroup with the same trackedSince.</summary>
internal static class CounterDeltas
{
    /// <summary>The name of the first cumulative counter that decreased, or null when none did.</summary>
    public static string? FindBackwards(CgroupSnapshot a, CgroupSnapshot b)
    {
        var (sa, sb) = (a.Sched, b.Sched);
        if (sb.OnCpuNs < sa.OnCpuNs) return "sched.onCpuNs";
        if (sb.VoluntarySwitches < sa.VoluntarySwitches || sb.InvoluntarySwitches < sa.InvoluntarySwitches) return "sched switches";
        if (Backwards(sa.ContentionWait, sb.ContentionWait)) return "sched.contentionWait";
        if (Backwards(sa.ThrottleWait, sb.ThrottleWait)) return "sched.throttleWait";
        if (sb.PeriodUsage.Count < sa.PeriodUsage.Count || sb.PeriodUsage.SumNs < sa.PeriodUsage.SumNs
            || AnyBucketBackwards(sa.PeriodUsage.Buckets, sb.PeriodUsage.Buckets)) return "sched.periodUsage";
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
    public static WorkloadInterval ToInterval(CgroupSnapshot a, CgroupSnapshot b, TimeSpan duration, DateTimeOffset time)
    {
        var (sa, sb) = (a.Sched, b.Sched);
        double seconds = duration.TotalSeconds;
        ulong usageNs = a.CpuStat?.UsageNs is ulong ua && b.CpuStat?.UsageNs is ulong ub ? ub - ua : sb.OnCpuNs - sa.OnCpuNs;
        double periodNs = sb.PeriodUsage.PeriodNs > 0 ? sb.PeriodUsage.PeriodNs : WorkloadInterval.DefaultPeriodSeconds * 1e9;
        var usage = PeriodUsageDelta(sa.PeriodUsage, sb.PeriodUsage, periodNs);
        long periods = (long)((b.CpuStat?.NrPeriods ?? 0) - (a.CpuStat?.NrPeriods ?? 0));
        long throttled = (long)((b.CpuStat?.NrThrottled ?? 0) - (a.CpuStat?.NrThrottled ?? 0));
        long seenPeriods = (long)(sb.PeriodUsage.Count - sa.PeriodUsage.Count);
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
            ThrottleWaitSeconds = (sb.ThrottleWait.SumNs - sa.ThrottleWait.SumNs) / 1e9,
            ThrottleWait = BucketDelta(sa.ThrottleWait.Log2UsBuckets, sb.ThrottleWait.Log2UsBuckets),
            ContentionWait = BucketDelta(sa.ContentionWait.Log2UsBuckets, sb.ContentionWait.Log2UsBuckets),
            LimitCores = b.Limit?.Cpus,
            BurstCores = b.Limit is { PeriodUs: > 0 } l ? (double)l.BurstUs / l.PeriodUs : 0,
            MemoryBytes = (long)(b.Memory?.CurrentBytes ?? 0),
            MemoryPeakBytes = PeakInInterval(a.Memory, b.Memory),
            OomKills = a.Memory is { } ma && b.Memory is { } mb ? (long)(mb.OomKills - ma.OomKills) : 0, // kills before a reading we could not see have no time
        };
    }

    /// <summary>
    /// The kernel's peak is since the cgroup began (v1 max_usage_in_bytes, v2 memory.peak): it says
    /// something about this interval only when it rose during it; otherwise the current value is
    /// the best lower bound of the interval's peak.
    /// </summary>
    private static long? PeakInInterval(MemorySnapshot? a, MemorySnapshot? b)
    {
        if (b is null)
        {
            return null;
        }

        ulong peak = b.PeakBytes is ulong p && a?.PeakBytes is ulong pa && p > pa ? p : b.CurrentBytes;
        return (long)Math.Max(peak, b.CurrentBytes);
    }

    private static List<UsageBucket> PeriodUsageDelta(PeriodUsage a, PeriodUsage b, double periodNs)
    {
        var buckets = new List<UsageBucket>();
        for (int i = 0; i < b.Buckets.Count; i++)
        {
            ulong before = i < a.Buckets.Count ? a.Buckets[i] : 0;
            if (b.Buckets[i] > before)
            {
                double lower = i == 0 ? 0 : b.BucketBoundsNs[i - 1] / periodNs;
                double upper = b.BucketBoundsNs[i] == ulong.MaxValue ? lower * 2 : b.BucketBoundsNs[i] / periodNs;
                buckets.Add(new UsageBucket(lower, upper, (long)(b.Buckets[i] - before)));
            }
        }

        return buckets;
    }

    private static long[] BucketDelta(IReadOnlyList<ulong> a, IReadOnlyList<ulong> b)
    {
        var delta = new long[b.Count];
        for (int i = 0; i < b.Count; i++)
        {
            delta[i] = (long)(b[i] - (i < a.Count ? a[i] : 0));
        }

        return delta;
    }

    private static bool Backwards(WaitHistogram a, WaitHistogram b) =>
        b.Count < a.Count || b.SumNs < a.SumNs || AnyBucketBackwards(a.Log2UsBuckets, b.Log2UsBuckets);

    private static bool AnyBucketBackwards(IReadOnlyList<ulong> a, IReadOnlyList<ulong> b)
    {
        for (int i = 0; i < a.Count; i++)
        {
            if ((i < b.Count ? b[i] : 0) < a[i])
            {
                return true;
            }
        }

        return false;
    }
}
