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
    bool Extrapolated);
