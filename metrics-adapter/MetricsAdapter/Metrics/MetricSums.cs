using KernelTruth.Models;
using KernelTruth.Recommender.Logic;

namespace KernelTruth.MetricsAdapter.Metrics;

/// <summary>
/// What one container, pod, workload or namespace did over the window, in a form that merges
/// exactly: period counts and wait histograms add (so a pod's p99 comes from its containers'
/// merged histograms, not from a max of p99s), demand and request add, the timestamp is the
/// stalest member's (an aggregate is only as fresh as its oldest input) and the window the longest.
/// </summary>
/// <param name="Timestamp">End of the newest interval of the stalest member.</param>
/// <param name="WindowSeconds">Seconds of data behind the values (the longest member's).</param>
/// <param name="Periods">CFS periods elapsed (kernel nr_periods); 0 when unlimited.</param>
/// <param name="ThrottledPeriods">Periods throttled (kernel nr_throttled).</param>
/// <param name="ThrottleWait">Throttle waits by log2 µs slot, summed.</param>
/// <param name="ContentionWait">Contention waits by log2 µs slot, summed.</param>
/// <param name="DemandCores">Usage + hidden demand in cores, summed over members.</param>
/// <param name="RequestCores">CPU request summed; null when any member has none.</param>
/// <param name="ForecastCores">
/// The member's share of its workload's demand forecast (the workload's value over its containers measured now), summed;
/// null for a member without one, which counts its <paramref name="DemandCores"/> instead (the reactive value).
/// </param>
internal sealed record MetricSums(
    DateTimeOffset Timestamp,
    double WindowSeconds,
    long Periods,
    long ThrottledPeriods,
    long[] ThrottleWait,
    long[] ContentionWait,
    double DemandCores,
    double? RequestCores,
    double? ForecastCores = null)
{
    /// <summary>Slots in the sensor's log2 µs wait histograms.</summary>
    public const int WaitSlots = 27;

    /// <summary>
    /// Demand over a window, the rule the models use per minute (MinuteDemand): usage plus the
    /// throttle wait, the wait capped at (CensoredGrowthCap − 1) × usage because a throttled thread
    /// waits out the rest of its period whatever work it has left. Worked example: 0.2 cores used,
    /// 0.3 s of throttle wait per second ⇒ 0.2 + min(0.3, 0.2) = 0.4 cores.
    /// </summary>
    public static double Demand(double usageCores, double throttleWaitCores) =>
        usageCores + Math.Min(throttleWaitCores, (ModelDefaults.CensoredGrowthCap - 1) * usageCores);

    public MetricSums Merge(MetricSums other)
    {
        var throttle = new long[WaitSlots];
        var contention = new long[WaitSlots];
        for (int i = 0; i < WaitSlots; i++)
        {
            throttle[i] = ThrottleWait[i] + other.ThrottleWait[i];
            contention[i] = ContentionWait[i] + other.ContentionWait[i];
        }

        return new MetricSums(
            Timestamp < other.Timestamp ? Timestamp : other.Timestamp,
            Math.Max(WindowSeconds, other.WindowSeconds),
            Periods + other.Periods,
            ThrottledPeriods + other.ThrottledPeriods,
            throttle,
            contention,
            DemandCores + other.DemandCores,
            RequestCores is double a && other.RequestCores is double b ? a + b : null,
            ForecastCores is null && other.ForecastCores is null ? null : (ForecastCores ?? DemandCores) + (other.ForecastCores ?? other.DemandCores));
    }

    /// <summary>Merges a non-empty set; null when empty.</summary>
    public static MetricSums? MergeAll(IEnumerable<MetricSums> parts)
    {
        MetricSums? total = null;
        foreach (var p in parts)
        {
            total = total is null ? p : total.Merge(p);
        }

        return total;
    }

    /// <summary>The value of one metric; null when it is not offered for this object (unknown name, no request).</summary>
    public double? Value(string metric) => metric switch
    {
        MetricNames.ThrottledPeriodsRatio => Periods > 0 ? (double)ThrottledPeriods / Periods : 0,
        MetricNames.ThrottleWaitP99 => Log2Percentile.UpperEdgeSeconds(ThrottleWait, 0.99),
        MetricNames.ContentionWaitP99 => Log2Percentile.UpperEdgeSeconds(ContentionWait, 0.99),
        MetricNames.DemandCores => DemandCores,
        MetricNames.DemandUtilization => RequestCores is > 0 ? DemandCores / RequestCores.Value : null,
        MetricNames.DemandForecastCores => ForecastCores ?? DemandCores,
        _ => null,
    };
}
