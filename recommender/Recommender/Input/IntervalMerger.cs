using KernelTruth.Models.Input;

namespace KernelTruth.Recommender.Input;

/// <summary>
/// Merges the intervals of one workload container's replicas that end at the same snapshot into one,
/// so a model keyed by workload (not by cgroup) gets one interval per snapshot, as its time ordering
/// requires. Per-container quantities are means over the replicas (usage, throttle wait seconds: what
/// one container did on average); distributions are pooled (per-period usage, wait histograms, periods
/// and throttled periods: every replica's periods are samples of the same container); memory takes the
/// highest replica (a request must fit the biggest); OOM kills add up.
/// Worked example: replicas at 0.2 and 0.4 cores, 10 of 100 and 30 of 100 periods throttled ⇒ 0.3 cores,
/// 40 of 200 periods throttled (0.2).
/// </summary>
internal static class IntervalMerger
{
    public static WorkloadInterval Merge(IReadOnlyList<WorkloadInterval> replicas)
    {
        ArgumentOutOfRangeException.ThrowIfZero(replicas.Count);
        if (replicas.Count == 1)
        {
            return replicas[0];
        }

        var first = replicas[0];
        double usage = 0, throttleWait = 0;
        long periods = 0, throttled = 0, oom = 0, memory = 0;
        long? peak = null, memoryRequest = null;
        double? limit = null, request = null;
        var buckets = new SortedDictionary<(double Lower, double Upper), long>();
        var throttleSlots = new List<long>();
        var contentionSlots = new List<long>();
        TimeSpan duration = TimeSpan.Zero;
        foreach (var r in replicas)
        {
            usage += r.UsageCores;
            throttleWait += r.ThrottleWaitSeconds;
            periods += r.Periods;
            throttled += r.ThrottledPeriods;
            oom += r.OomKills;
            memory = Math.Max(memory, r.MemoryBytes);
            peak = r.MemoryPeakBytes is long p ? Math.Max(peak ?? 0, p) : peak;
            memoryRequest ??= r.MemoryRequestBytes;
            limit = Max(limit, r.LimitCores);
            request ??= r.RequestCores;
            duration = r.Duration > duration ? r.Duration : duration;
            foreach (var b in r.PeriodUsage)
            {
                buckets[(b.LowerCores, b.UpperCores)] = buckets.GetValueOrDefault((b.LowerCores, b.UpperCores)) + b.Count;
            }

            AddSlots(throttleSlots, r.ThrottleWait);
            AddSlots(contentionSlots, r.ContentionWait);
        }

        return first with
        {
            Duration = duration,
            UsageCores = usage / replicas.Count,
            ThrottleWaitSeconds = throttleWait / replicas.Count,
            Periods = periods,
            ThrottledPeriods = throttled,
            PeriodUsage = Pooled(buckets),
            ThrottleWait = throttleSlots,
            ContentionWait = contentionSlots,
            LimitCores = limit,
            RequestCores = request,
            MemoryBytes = memory,
            MemoryPeakBytes = peak,
            MemoryRequestBytes = memoryRequest,
            OomKills = oom,
        };
    }

    private static double? Max(double? a, double? b) => a is null ? b : b is null ? a : Math.Max(a.Value, b.Value);

    private static void AddSlots(List<long> into, IReadOnlyList<long> slots)
    {
        for (int i = 0; i < slots.Count; i++)
        {
            if (i == into.Count)
            {
                into.Add(0);
            }

            into[i] += slots[i];
        }
    }

    /// <summary>
    /// Same-edged buckets add up. Replicas on one node share the sensor's slot edges, so the pooled list
    /// stays ascending and non-overlapping; a bucket that overlaps the previous one (edges from another
    /// period length) is folded into it, widening it, so no period is lost.
    /// </summary>
    private static List<UsageBucket> Pooled(SortedDictionary<(double Lower, double Upper), long> buckets)
    {
        var pooled = new List<UsageBucket>(buckets.Count);
        foreach (var ((lower, upper), count) in buckets)
        {
            if (pooled.Count > 0 && lower < pooled[^1].UpperCores)
            {
                var last = pooled[^1];
                pooled[^1] = new UsageBucket(last.LowerCores, Math.Max(last.UpperCores, upper), last.Count + count);
                continue;
            }

            pooled.Add(new UsageBucket(lower, upper, count));
        }

        return pooled;
    }
}
