namespace KernelTruth.Simulations.Replay;

/// <summary>What a replay predicts at one bandwidth setting.</summary>
/// <param name="LimitCores">The limit replayed.</param>
/// <param name="PeriodSeconds">Its period.</param>
/// <param name="BurstCores">Its burst allowance.</param>
/// <param name="ThrottledPeriodsRatio">Throttled / counted periods, as cpu.stat nr_throttled / nr_periods would show.</param>
/// <param name="ThrottleWaitP50Seconds">Median over counted periods of the work left unserved at a period's end (CPU-seconds, summed over threads; 0 when nothing was left) — the models' throttle-wait definition.</param>
/// <param name="ThrottleWaitP99Seconds">99th percentile of the same.</param>
/// <param name="UsageCores">Mean CPU used, cores, over the known periods.</param>
/// <param name="CountedPeriods">Periods the kernel would count (its period timer running).</param>
/// <param name="ThrottledPeriods">Of those, throttled (an expectation: borderline periods count fractionally).</param>
/// <param name="Confidence">0..1, see <see cref="CensoringInfo.ConfidenceAt"/>.</param>
/// <param name="Extrapolated">True when the answer rests on reconstructed (censored) demand above the recorded limit.</param>
/// <param name="HeldBackArrivalShare">Share of the work that arrived while the limit still held earlier work back
/// (work was waiting at the start of its period), 0..1: how much of the answer rests on the work arriving
/// regardless of the limit (see <see cref="LoopDependent"/>).</param>
public sealed record LimitPrediction(
    double LimitCores,
    double PeriodSeconds,
    double BurstCores,
    double ThrottledPeriodsRatio,
    double ThrottleWaitP50Seconds,
    double ThrottleWaitP99Seconds,
    double UsageCores,
    long CountedPeriods,
    double ThrottledPeriods,
    double Confidence,
    bool Extrapolated,
    double HeldBackArrivalShare = 0)
{
    /// <summary>
    /// Above this <see cref="HeldBackArrivalShare"/> the answer depends on how the workload reacts to being
    /// held back. Measured on the kernel (closed- and open-loop workloads at 0.7–2 × their mean demand):
    /// 0.92–0.99 wherever the two behaved differently (the replay 4.7–46 pp above a closed loop), at most
    /// 0.31 wherever the replay was within 4 pp of the kernel; 0.5 splits them.
    /// </summary>
    public const double LoopDependentShare = 0.5;

    /// <summary>
    /// Most of the work arrived while earlier work still waited: the limit is at or below the demand it
    /// must carry. The replay assumes the work keeps arriving (an open loop: requests from outside), and
    /// is right for such a workload; one that slows down or skips work while held back (a closed loop: a
    /// poller, a batch loop, a ticker dropping ticks) is throttled less and does less work. Which one a
    /// workload is cannot be read from per-period records: an open loop whose demand is below the limit
    /// and a closed loop that skipped down to it leave the same ones. So this answer is an upper bound
    /// for a closed loop, not a prediction.
    /// </summary>
    public bool LoopDependent => HeldBackArrivalShare > LoopDependentShare;
}
