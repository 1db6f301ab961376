using KernelTruth.Simulations.Replay;

namespace KernelTruth.Models.Throttling;

/// <summary>
/// One workload's last replays and the demand they replayed: the predicted effect
/// (<see cref="Recommendations.WorkloadModel.ReplayAt(double, double, double, ref ReplayMemo)"/>) and the limit
/// search's check (<see cref="LimitSearch"/>, the same rule over its own inputs).
/// A replay reads only the ordered demand sample, the limit, the burst and the period, so while those are
/// the same its answer is too. They are remembered by a 64-bit fingerprint of the sample's and the three numbers'
/// exact bits (8 bytes per workload instead of the sample's 8 000). Demand on the millicore grid keeps its 1 000
/// quantiles while a workload's load is steady, so most cycles reuse the answer; a quantile that moves by one
/// millicore, or another limit, burst or period, changes the fingerprint and the replay runs again.
/// </summary>
/// <remarks>
/// The predicted effect is held inline, as the numbers a replay of the demand sample finds and nothing else, and made
/// into a <see cref="LimitPrediction"/> again by <see cref="Find"/>: the limit, burst and period are the ones asked for
/// (the fingerprint matched them), the throttled ratio is the replay's own division of two numbers held, and a demand
/// sample carries no censoring, so its replay's confidence is 1 and it is never extrapolated (<see cref="Remember"/>
/// keeps nothing else). The memo takes 72 bytes inline and nothing on the heap: the inputs' fingerprint and six numbers
/// (56) beside the search's verdict and limit (16). Holding the record took 32 inline (demand fingerprint, reference,
/// verdict, limit) and the record's 112 (16 of header, 11 numbers of 8, the bool padded to 8): 144. Every number comes
/// back with its bits; each <see cref="Find"/> that hits makes one record (112 bytes) for its caller, as a replay would.
/// </remarks>
public struct ReplayMemo
{
    /// <summary>The predicted effect's inputs' fingerprint (<see cref="ReplayFingerprint"/>); 0 = none.</summary>
    private ulong _replay;

    private double _throttleWaitP50Seconds;

    private double _throttleWaitP99Seconds;

    private double _usageCores;

    private long _countedPeriods;

    private double _throttledPeriods;

    private double _heldBackArrivalShare;

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

    /// <summary>The fingerprint the predicted effect held was replayed for; 0 = none.</summary>
    internal readonly ulong PredictionFingerprint => _replay;

    /// <summary>True when the search verdict held was made for these inputs (compared without their low bit).</summary>
    internal readonly bool HasSearchFor(ulong fingerprint) => _search != 0 && SearchFingerprint == (fingerprint & ~1UL);

    internal void RememberSearch(ulong fingerprint, double limitCores, bool met)
    {
        _search = (fingerprint & ~1UL) | (met ? 1UL : 0UL);
        SearchLimitCores = limitCores;
    }

    /// <summary>
    /// What a replay reads, as one fingerprint: the demand sample's (<see cref="DemandReplay.Fingerprint"/>) and the
    /// exact bits of the limit, burst and period, mixed as the limit search mixes its inputs.
    /// </summary>
    internal static ulong ReplayFingerprint(ulong demandFingerprint, double limitCores, double burstCores, double periodSeconds) =>
        DemandReplay.Fingerprint([BitConverter.UInt64BitsToDouble(demandFingerprint), limitCores, burstCores, periodSeconds]);

    /// <summary>
    /// Keeps <paramref name="prediction"/>, replayed from the demand sample with <paramref name="demandFingerprint"/>, for
    /// <see cref="Find"/>; the search verdict stays (it is matched by its own fingerprint). A prediction <see cref="Find"/>
    /// could not make again bit for bit (censored demand: its confidence below 1 or extrapolated; a ratio that is not
    /// throttled / counted; a fingerprint of 0, which means none) is not kept, and the next replay runs again.
    /// </summary>
    /// <returns>Whether it was kept.</returns>
    internal bool Remember(ulong demandFingerprint, LimitPrediction prediction)
    {
        ulong fingerprint = ReplayFingerprint(demandFingerprint, prediction.LimitCores, prediction.BurstCores, prediction.PeriodSeconds);
        bool exact = fingerprint != 0
            && Same(prediction.Confidence, 1.0)
            && !prediction.Extrapolated
            && Same(prediction.ThrottledPeriodsRatio, Ratio(prediction.ThrottledPeriods, prediction.CountedPeriods));
        _replay = exact ? fingerprint : 0;
        _throttleWaitP50Seconds = prediction.ThrottleWaitP50Seconds;
        _throttleWaitP99Seconds = prediction.ThrottleWaitP99Seconds;
        _usageCores = prediction.UsageCores;
        _countedPeriods = prediction.CountedPeriods;
        _throttledPeriods = prediction.ThrottledPeriods;
        _heldBackArrivalShare = prediction.HeldBackArrivalShare;
        return exact;
    }

    /// <summary>
    /// The remembered prediction, made again, when it was replayed from this sample at this limit, burst and period;
    /// else null. Each hit makes a new record, equal field for field (bits included) to the one remembered.
    /// </summary>
    internal readonly LimitPrediction? Find(ulong demandFingerprint, double limitCores, double burstCores, double periodSeconds) =>
        _replay != 0 && _replay == ReplayFingerprint(demandFingerprint, limitCores, burstCores, periodSeconds)
            ? new LimitPrediction(
                limitCores,
                periodSeconds,
                burstCores,
                Ratio(_throttledPeriods, _countedPeriods),
                _throttleWaitP50Seconds,
                _throttleWaitP99Seconds,
                _usageCores,
                _countedPeriods,
                _throttledPeriods,
                Confidence: 1.0,
                Extrapolated: false,
                _heldBackArrivalShare)
            : null;

    /// <summary>The throttled ratio as <see cref="BandwidthReplay"/> divides it: throttled / counted, 0 when none counted.</summary>
    private static double Ratio(double throttledPeriods, long countedPeriods) => countedPeriods == 0 ? 0 : throttledPeriods / countedPeriods;

    private static bool Same(double a, double b) => BitConverter.DoubleToInt64Bits(a) == BitConverter.DoubleToInt64Bits(b);
}
