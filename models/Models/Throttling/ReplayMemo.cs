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

    /// <summary>
    /// The limit search's replay verdict: its inputs' fingerprint (sample and every number it read) with the low bit
    /// replaced by whether the checked limit met the SLO; 0 = none. A bool field of its own would pad the memo by
    /// 8 bytes in every workload; 63 bits of fingerprint still make a false match a 2^-63 chance.
    /// </summary>
    private ulong _search;

    internal double SearchLimitCores;

    /// <summary>The fingerprint the search verdict was made for (its low bit cleared); 0 = none.</summary>
    internal readonly ulong SearchFingerprint => _search & ~1UL;

    internal readonly bool SearchMet => (_search & 1) != 0;

    /// <summary>True when the search verdict held was made for these inputs (compared without their low bit).</summary>
    internal readonly bool HasSearchFor(ulong fingerprint) => _search != 0 && SearchFingerprint == (fingerprint & ~1UL);

    internal void RememberSearch(ulong fingerprint, double limitCores, bool met)
    {
        _search = (fingerprint & ~1UL) | (met ? 1UL : 0UL);
        SearchLimitCores = limitCores;
    }

    /// <summary>The remembered prediction when it was made from this sample at this limit, burst and period.</summary>
    internal readonly LimitPrediction? Find(ulong fingerprint, double limitCores, double burstCores, double periodSeconds) =>
        Prediction is { } p && DemandFingerprint == fingerprint && p.LimitCores.Equals(limitCores) && p.BurstCores.Equals(burstCores) && p.PeriodSeconds.Equals(periodSeconds)
            ? p
            : null;
}
