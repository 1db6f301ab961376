using KernelTruth.Models.Recommendations;
using KernelTruth.Recommender.Logic;
using KernelTruth.Reports.Model;
using KernelTruth.Simulations.Replay;

namespace KernelTruth.Reports.Prediction;

/// <summary>
/// Throttling after the change from the simulation engine: where a workload model is at hand (state
/// file, snapshots), <see cref="SimulatedEffect.OfLimit"/> replays the model's per-period demand
/// through CFS bandwidth at the recommended limit, carrying unserved work into the next period as the
/// kernel does. Without a model (WorkloadProfiles) the profile's own prediction is used.
/// </summary>
/// <remarks>
/// Worked example: demand 0.2 core in 95 % of 100 ms periods and 0.8 in 5 %, limit 0.5: a busy period
/// is throttled and leaves 0.03 CPU-s, which the next (0.2 + 0.3 ≤ 0.5) absorbs ⇒ ≈ 5 % of periods
/// throttled, as the closed-form model says.
/// </remarks>
public sealed class SimulatedForecast(IThrottleForecast withoutModel) : IThrottleForecast
{
    public ThrottleOutlook? AtRecommendedLimit(WorkloadFacts workload)
    {
        ArgumentNullException.ThrowIfNull(workload);
        if (workload.Model is not WorkloadModel model || workload.Recommended.CpuLimitCores is not double limit
            || SimulatedEffect.OfLimit(model, limit, model.CurrentBurstCores, model.CurrentPeriodSeconds) is not LimitPrediction p)
        {
            return withoutModel.AtRecommendedLimit(workload);
        }

        // The replay takes the sampled demand as known; whether the tail above the old limit was
        // extrapolated is the model's to say (its own prediction at the same limit).
        bool extrapolated = p.Extrapolated || workload.StatedPrediction is { Extrapolated: true };
        return new ThrottleOutlook(limit, p.ThrottledPeriodsRatio, p.ThrottleWaitP99Seconds, extrapolated);
    }
}
