using KernelTruth.Models.Recommendations;
using KernelTruth.Models.Throttling;
using KernelTruth.Simulations.Replay;

namespace KernelTruth.Recommender.Logic;

/// <summary>
/// The simulation engine's prediction for a modelled workload (<see cref="WorkloadModel.ReplayAt"/>):
/// the model's per-period demand in a fixed order, replayed through CFS bandwidth at the limit.
/// The recommender states each recommendation's predicted effect with it
/// (<see cref="AtRecommendedLimit"/>), beside the model's own closed-form prediction
/// (ThrottleModel); the limit search has already checked the recommended limit against the SLO
/// with the same replay, so the two agree on whether the SLO is met.
/// </summary>
public static class SimulatedEffect
{
    /// <summary>
    /// The engine's prediction at the recommendation's CPU limit, under the burst and period the
    /// workload runs with now (what the model's own prediction assumes too); null when no limit is
    /// recommended or the model has no periods.
    /// </summary>
    public static LimitPrediction? AtRecommendedLimit(WorkloadModel model, Recommendation recommendation)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(recommendation);
        return recommendation.Cpu.LimitCores is double limit && limit > 0
            ? OfLimit(model, limit, model.CurrentBurstCores, model.CurrentPeriodSeconds)
            : null;
    }

    /// <summary>
    /// <see cref="AtRecommendedLimit(WorkloadModel, Recommendation)"/>, reusing <paramref name="memo"/>'s replay
    /// while the model's demand sample and the limit, burst and period are the ones it replayed.
    /// </summary>
    public static LimitPrediction? AtRecommendedLimit(WorkloadModel model, Recommendation recommendation, ref ReplayMemo memo)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(recommendation);
        return recommendation.Cpu.LimitCores is double limit && limit > 0
            ? model.ReplayAt(limit, model.CurrentBurstCores, model.CurrentPeriodSeconds, ref memo)
            : null;
    }

    public static LimitPrediction? OfLimit(WorkloadModel model, double limitCores, double burstCores = 0, double periodSeconds = 0.1)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.ReplayAt(limitCores, burstCores, periodSeconds);
    }
}
