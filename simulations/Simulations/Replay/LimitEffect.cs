using KernelTruth.Simulations.Trace;

namespace KernelTruth.Simulations.Replay;

/// <summary>
/// The narrow entry point for other features (FinOps report, recommender): "what happens to this
/// workload at this limit". Two inputs are supported: a recorded cgroup trace, or per-period demand
/// the caller already has (e.g. samples drawn from a workload model's demand distribution, in the
/// order they occurred when known).
/// </summary>
public static class LimitEffect
{
    /// <summary>Predicted effect of <paramref name="limitCores"/> on a recorded cgroup.</summary>
    public static LimitPrediction Predict(CgroupTrace recorded, double limitCores, double burstCores = 0, ICollection<string>? warnings = null)
    {
        var demand = DemandReconstruction.FromTrace(recorded, warnings ?? new List<string>());
        return BandwidthReplay.Run(demand, new BandwidthLimit(limitCores, demand.PeriodSeconds, burstCores));
    }

    /// <summary>
    /// Predicted effect of <paramref name="limitCores"/> for per-period demand in cores
    /// (<paramref name="demandCoresPerPeriod"/>[k] = CPU asked for in period k, fully observed).
    /// </summary>
    public static LimitPrediction Predict(IReadOnlyList<double> demandCoresPerPeriod, double periodSeconds, int cpus, double limitCores, double burstCores = 0)
    {
        ArgumentNullException.ThrowIfNull(demandCoresPerPeriod);
        var arrivals = demandCoresPerPeriod.Select(c => c * periodSeconds).ToArray();
        var demand = new DemandSeries(periodSeconds, arrivals, cpus, CensoringInfo.None(arrivals.Length));
        return BandwidthReplay.Run(demand, new BandwidthLimit(limitCores, periodSeconds, burstCores));
    }
}
