using KernelTruth.Models.Demand;
using KernelTruth.Models.Recommendations;
using KernelTruth.Reports.Model;
using KernelTruth.Simulations.Replay;

namespace KernelTruth.Reports.Prediction;

/// <summary>
/// Throttling after the change from the simulation engine (<see cref="LimitEffect"/>): where a
/// workload model is at hand (state file, snapshots), its per-period demand distribution is drawn as
/// <see cref="Samples"/> periods at evenly spaced quantiles, put in a fixed pseudo-random order (the
/// distribution keeps no order; sorted, every busy period would follow another and pile up backlog),
/// and replayed through CFS bandwidth at the recommended limit, carrying unserved work into the next
/// period as the kernel does. Without a model (WorkloadProfiles) the profile's own prediction is used.
/// </summary>
/// <remarks>
/// Worked example: demand 0.2 core in 95 % of 100 ms periods and 0.8 in 5 %, limit 0.5: a busy period
/// is throttled and leaves 0.03 CPU-s, which the next (0.2 + 0.3 ≤ 0.5) absorbs ⇒ ≈ 5 % of periods
/// throttled, as the closed-form model says; at limit 0.3 the backlog spills further and the replay
/// reports more throttling than the closed form.
/// </remarks>
public sealed class SimulatedForecast(IThrottleForecast withoutModel) : IThrottleForecast
{
    public const int Samples = 2000;

    public ThrottleOutlook? AtRecommendedLimit(WorkloadFacts workload)
    {
        ArgumentNullException.ThrowIfNull(workload);
        if (workload.Model is not WorkloadModel model || workload.Recommended.CpuLimitCores is not double limit || model.Demand.IsEmpty)
        {
            return withoutModel.AtRecommendedLimit(workload);
        }

        bool extrapolated = false;
        double[] demand = new double[Samples];
        for (int i = 0; i < Samples; i++)
        {
            DemandQuantile q = model.Demand.Quantile((i + 0.5) / Samples);
            demand[i] = q.Cores;
            extrapolated |= q.Basis == QuantileBasis.Extrapolated && q.Cores > limit;
        }

        new Random(Samples).Shuffle(demand); // fixed seed: the same model gives the same report
        int cpus = Math.Max(1, (int)Math.Ceiling(demand.Max()));
        LimitPrediction p = LimitEffect.Predict(demand, model.Current.PeriodSeconds, cpus, limit, model.Current.BurstCores);
        return new ThrottleOutlook(limit, p.ThrottledPeriodsRatio, p.ThrottleWaitP99Seconds, extrapolated || p.Extrapolated);
    }
}
