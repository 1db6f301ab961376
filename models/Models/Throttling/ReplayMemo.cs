using KernelTruth.Simulations.Replay;

namespace KernelTruth.Models.Throttling;

/// <summary>
/// One workload's last replays and the demand they replayed: the predicted effect
/// (<see cref="Recommendations.WorkloadModel.ReplayAt(double, double, double, ref ReplayMemo)"/>) and the limit
/// search's check (<see cref="LimitSearch"/>, the same rule over its own inputs).
/// A replay reads only the ordered demand sample, the limit, the burst and the period, so while those are
/// the same its answer is too. The sample is remembered by a 64-bit fingerprint (16 bytes per workload instead of
/// the sample's 8 000); the limit, burst and period are the prediction's own. Demand on the millicore grid keeps
/// its 1 000 quantiles while a workload's load is steady, so most cycles reuse the answer; a quantile that moves
/// by one millicore changes the fingerprint and the replay runs again.
/// </summary>
public struct ReplayMemo
{
    internal ulong DemandFingerprint;

    internal LimitPrediction? Prediction;

    /// <summary>The limit search's replay verdict: its inputs' fingerprint (sample and every number it read), 0 = none.</summary>
    internal ulong SearchFingerprint;

    internal double SearchLimitCores;

    internal bool SearchMet;

    /// <summary>The remembered prediction when it was made from this sample at this limit, burst and period.</summary>
    internal readonly LimitPrediction? Find(ulong fingerprint, double limitCores, double burstCores, double periodSeconds) =>
        Prediction is { } p && DemandFingerprint == fingerprint && p.LimitCores.Equals(limitCores) && p.BurstCores.Equals(burstCores) && p.PeriodSeconds.Equals(periodSeconds)
            ? p
            : null;
}
