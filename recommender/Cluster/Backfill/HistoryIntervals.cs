using KernelTruth.Cluster.Attribution;
using KernelTruth.Models.Input;
using Signal = KernelTruth.Cluster.Backfill.CadvisorQueries.Signal;

namespace KernelTruth.Cluster.Backfill;

/// <summary>
/// One container's cAdvisor series, one point per step, as the model's intervals: the same <see cref="WorkloadInterval"/>
/// the sensor's snapshots become, only coarse. Per step of S seconds ending at t:
/// <list type="bullet">
/// <item>usage = CPU-seconds / S (what metrics-server would show);</item>
/// <item>with CFS counters (a limited container): N periods, T of them throttled, and the per-period usage is the
/// step's average over its active periods, u = CPU-seconds / (N × 0.1 s), capped at the limit: N periods at u, the T
/// throttled ones censored at the limit by the model. Worked example: 36 CPU-s in a 300 s step with 3 000 periods, 300
/// throttled ⇒ usage 0.12, u = 36 / (3 000 × 0.1) = 0.12, throttled ratio 10 %; 72 CPU-s under a 0.2 limit give
/// u = 0.24, capped to 0.2 (a limit that changed since, or increase()'s extrapolation at the step's edges);</item>
/// <item>without (no limit): the step's S/0.1 periods at the step's average;</item>
/// <item>throttle wait: PSI's CPU waiting seconds where the kubelet exports them (an upper bound: PSI "some" counts
/// throttled and run-queue waiting alike), else 0, which leaves the censored periods at the limit;</item>
/// <item>memory: the step's highest working set; OOM events as counted.</item>
/// </list>
/// The limit and requests are the container's in its live pod spec now (cAdvisor's series do not carry them). A step
/// without CPU usage, or one the model would refuse, is left out.
/// </summary>
public static class HistoryIntervals
{
    public static List<WorkloadInterval> Build(IReadOnlyDictionary<Signal, IReadOnlyList<(long Time, double Value)>> series, CurrentResources resources, TimeSpan step)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(resources);
        var result = new List<WorkloadInterval>();
        if (!series.TryGetValue(Signal.CpuSeconds, out var cpu))
        {
            return result;
        }

        Dictionary<long, double> Lookup(Signal s) => series.TryGetValue(s, out var points) ? points.GroupBy(p => p.Time).ToDictionary(g => g.Key, g => g.Last().Value) : [];
        var periods = Lookup(Signal.Periods);
        var throttled = Lookup(Signal.ThrottledPeriods);
        var memory = Lookup(Signal.MemoryPeak);
        var ooms = Lookup(Signal.OomEvents);
        var waiting = Lookup(Signal.CpuWaitingSeconds);
        double seconds = step.TotalSeconds, period = WorkloadInterval.DefaultPeriodSeconds;
        double? limit = resources.CpuLimitCores;
        foreach (var (time, cpuSeconds) in cpu.OrderBy(p => p.Time))
        {
            double usage = Math.Max(0, cpuSeconds) / seconds;
            long n = periods.TryGetValue(time, out double p) ? (long)Math.Round(Math.Max(0, p)) : 0;
            long t = n > 0 && limit is not null && throttled.TryGetValue(time, out double th) ? Math.Min(n, (long)Math.Round(Math.Max(0, th))) : 0;
            UsageBucket bucket;
            if (n > 0)
            {
                double perPeriod = Math.Max(0, cpuSeconds) / (n * period);
                perPeriod = limit is double l ? Math.Min(perPeriod, l) : perPeriod;
                bucket = new UsageBucket(perPeriod, perPeriod, n);
            }
            else
            {
                bucket = new UsageBucket(usage, usage, (long)Math.Round(seconds / period));
            }

            long peak = memory.TryGetValue(time, out double m) ? (long)Math.Max(0, m) : 0;
            var interval = new WorkloadInterval
            {
                Time = DateTimeOffset.FromUnixTimeSeconds(time),
                Duration = step,
                UsageCores = usage,
                PeriodUsage = [bucket],
                Periods = n,
                ThrottledPeriods = t,
                ThrottleWaitSeconds = t > 0 && waiting.TryGetValue(time, out double w) ? Math.Max(0, w) : 0,
                LimitCores = limit,
                RequestCores = resources.CpuRequestCores,
                MemoryBytes = peak,
                MemoryPeakBytes = peak,
                MemoryRequestBytes = resources.MemoryRequestBytes,
                OomKills = ooms.TryGetValue(time, out double o) ? (long)Math.Round(Math.Max(0, o)) : 0,
            };
            if (interval.Validate().Count == 0)
            {
                result.Add(interval);
            }
        }

        return result;
    }
}
