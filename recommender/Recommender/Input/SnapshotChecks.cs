using KernelTruth.Contracts.Snapshot;

namespace KernelTruth.Recommender.Input;

/// <summary>
/// Shape checks on what arrives from a sensor before any arithmetic touches it. JSON can carry
/// nulls where the contract has none and an in-process reader can carry NaN: both must end as a
/// logged reason, never as an exception halfway through a snapshot or a number in a model.
/// </summary>
internal static class SnapshotChecks
{
    /// <summary>
    /// Wall-clock time may move by the monotonic advance plus this much (plus 1 % of the advance,
    /// NTP's slew is ≤ 0.05 %) before the node's clock counts as stepped. Example: two snapshots
    /// 10 s apart on the monotonic clock whose wall times differ by 12 s → 2 s &gt; 1 s + 0.1 s → stepped.
    /// </summary>
    public static readonly TimeSpan WallClockSlack = TimeSpan.FromSeconds(1);

    /// <summary>Why the whole snapshot is unusable, or null.</summary>
    public static string? SnapshotProblem(NodeSnapshot snapshot)
    {
        if (snapshot.ApiVersion != NodeSnapshot.CurrentApiVersion)
        {
            return $"apiVersion '{snapshot.ApiVersion}' is not {NodeSnapshot.CurrentApiVersion}";
        }

        if (string.IsNullOrEmpty(snapshot.Node))
        {
            return "it names no node";
        }

        if (snapshot.Cgroups is null)
        {
            return "it has no cgroups list";
        }

        if (snapshot.TakenAtUnixNs <= 0)
        {
            return $"takenAtUnixNs {snapshot.TakenAtUnixNs} is not a time after 1970";
        }

        return null;
    }

    /// <summary>Why one cgroup entry cannot be used, or null. Null entries are reported by the caller.</summary>
    public static string? CgroupProblem(CgroupSnapshot cgroup)
    {
        if (string.IsNullOrEmpty(cgroup.Path))
        {
            return "no path";
        }

        if (cgroup.Sched is not { } s)
        {
            return "no sched counters";
        }

        if (s.ContentionWait?.Log2UsBuckets is null || s.ThrottleWait?.Log2UsBuckets is null)
        {
            return "a wait histogram is missing";
        }

        if (s.PeriodUsage is not { Buckets: not null, BucketBoundsNs: not null, Source: not null } p)
        {
            return "periodUsage is missing or incomplete";
        }

        if (p.BucketBoundsNs.Count < p.Buckets.Count)
        {
            return $"periodUsage has {p.Buckets.Count} buckets but {p.BucketBoundsNs.Count} bounds";
        }

        if (cgroup.Limit is { } l && (l.QuotaUs <= 0 || l.PeriodUs <= 0 || l.BurstUs < 0 || !double.IsFinite(l.Cpus) || l.Cpus <= 0))
        {
            return $"limit quota {l.QuotaUs} µs / period {l.PeriodUs} µs / burst {l.BurstUs} µs = {l.Cpus} CPUs is not a limit";
        }

        return null;
    }

    /// <summary>
    /// Whether wall time moved unlike monotonic time between two snapshots of one node: the node's
    /// clock was stepped, so interval end times from it would not line up with earlier ones.
    /// </summary>
    public static bool WallClockStepped(long lastTakenAtUnixNs, ulong lastMonotonicNs, NodeSnapshot snapshot, out TimeSpan step)
    {
        double monotonicNs = snapshot.MonotonicNs - lastMonotonicNs;
        double wallNs = (double)snapshot.TakenAtUnixNs - lastTakenAtUnixNs;
        step = TimeSpan.FromTicks((long)((wallNs - monotonicNs) / 100));
        return Math.Abs(wallNs - monotonicNs) > (WallClockSlack.Ticks * 100.0) + (monotonicNs / 100);
    }
}
