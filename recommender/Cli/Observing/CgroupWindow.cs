using KernelTruth.Contracts.Snapshot;
using KernelTruth.Recommender.Input;
using KernelTruth.Recommender.Logic;

namespace KernelTruth.Cli.Observing;

/// <summary>
/// What one cgroup did between two snapshots, as a person watching it wants it: the average
/// metrics-server would show beside what the kernel did within it. The deltas are the
/// recommender's own (<see cref="CounterDeltas"/>), so the CLI and the models read the same numbers.
/// </summary>
/// <param name="UsageCores">Average CPU over the window: cpuacct.usage (v1) or usage_usec (v2) per second.</param>
/// <param name="LimitCores">The limit at the window's end; null = unlimited.</param>
/// <param name="Periods">CFS periods (kernel nr_periods delta).</param>
/// <param name="ThrottledPeriods">Throttled periods (kernel nr_throttled delta).</param>
/// <param name="ThrottleWaitPerSecond">Seconds of throttle wait per second, summed over threads.</param>
/// <param name="ThrottleWaitP99Seconds">p99 of single throttle waits (log2 slot upper edge, ≤ 2× above).</param>
/// <param name="ContentionWaitP99Seconds">p99 of single run-queue waits, throttled time excluded.</param>
internal sealed record CgroupWindow(
    double Seconds,
    double UsageCores,
    double? LimitCores,
    long Periods,
    long ThrottledPeriods,
    double ThrottleWaitPerSecond,
    double ThrottleWaitP99Seconds,
    double ContentionWaitP99Seconds,
    double SwitchesPerSecond)
{
    /// <summary>Throttled / total periods, 0 when no period ran (unlimited or idle).</summary>
    public double ThrottledPeriodsRatio => Periods > 0 ? (double)ThrottledPeriods / Periods : 0;

    /// <summary>
    /// The window from <paramref name="a"/> to <paramref name="b"/>, the same cgroup in two snapshots;
    /// null when b does not subtract from a (<see cref="CounterDeltas.Discontinuity"/>) or is not newer.
    /// </summary>
    public static CgroupWindow? Between(CgroupSnapshot a, ulong aMonotonicNs, CgroupSnapshot b, ulong bMonotonicNs)
    {
        var baseline = CounterBaseline.Of(a, aMonotonicNs);
        if (bMonotonicNs <= aMonotonicNs || CounterDeltas.Discontinuity(baseline, b) is not null)
        {
            return null;
        }

        var duration = TimeSpan.FromTicks((long)((bMonotonicNs - aMonotonicNs) / 100));
        var interval = CounterDeltas.ToInterval(baseline, b, duration, DateTimeOffset.UnixEpoch);
        double seconds = duration.TotalSeconds;
        ulong switchesA = a.Sched.VoluntarySwitches + a.Sched.InvoluntarySwitches;
        ulong switchesB = b.Sched.VoluntarySwitches + b.Sched.InvoluntarySwitches;
        return new CgroupWindow(
            seconds,
            interval.UsageCores,
            interval.LimitCores,
            interval.Periods,
            interval.ThrottledPeriods,
            interval.ThrottleWaitSeconds / seconds,
            Log2Percentile.UpperEdgeSeconds(interval.ThrottleWait, 0.99),
            Log2Percentile.UpperEdgeSeconds(interval.ContentionWait, 0.99),
            (switchesB - switchesA) / seconds);
    }
}
