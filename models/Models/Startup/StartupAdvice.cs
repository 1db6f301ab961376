namespace KernelTruth.Models.Startup;

/// <summary>
/// Whether a workload's starts are throttled and what fixes it, with the simulator's predicted ready time under each
/// setting considered (<see cref="StartupAdvisor"/>). Times are p50s over the workload's recent starts.
/// </summary>
/// <param name="Throttled">Throttled time by ready is a notable share of the ready time (<see cref="StartupAdvisor.NotableShare"/>).</param>
/// <param name="ReadySeconds">Measured exec → ready.</param>
/// <param name="WarmupCpuCoreSeconds">Measured CPU by ready: the warm-up's work W.</param>
/// <param name="WarmupThrottledSeconds">Measured throttled time by ready.</param>
/// <param name="ParallelCores">P, the cores the warm-up runs on, from the measurements: (W + throttled) / ready.</param>
/// <param name="PeriodSeconds">The CFS period the replays ran at (the workload's current one).</param>
/// <param name="PredictedAtCurrentSeconds">The replay at the current limit and burst (beside the measured ready: how well the replay fits); null when unlimited.</param>
/// <param name="PredictedAtRecommendedSeconds">The replay at the recommended limit with the current burst; null without a recommended limit.</param>
/// <param name="PredictedWithBurstSeconds">The replay at the recommended limit with a burst of one quota; null without a recommended limit.</param>
/// <param name="UnthrottledSeconds">W / P: the warm-up with no limit.</param>
/// <param name="Fix">The least change that lets the warm-up run unstarved.</param>
/// <param name="LimitCores">The limit that fix needs (the recommended one, or the higher one); null for <see cref="StartupFix.None"/>.</param>
/// <param name="BurstCores">The burst it needs (cores × period per period); 0 when none.</param>
/// <param name="PredictedReadySeconds">The replay's ready time with the fix.</param>
public sealed record StartupAdvice(
    bool Throttled,
    double ReadySeconds,
    double WarmupCpuCoreSeconds,
    double WarmupThrottledSeconds,
    double ParallelCores,
    double PeriodSeconds,
    double? PredictedAtCurrentSeconds,
    double? PredictedAtRecommendedSeconds,
    double? PredictedWithBurstSeconds,
    double UnthrottledSeconds,
    StartupFix Fix,
    double? LimitCores,
    double BurstCores,
    double PredictedReadySeconds)
{
    /// <summary>The burst as the kernel takes it, µs per period: cpu.cfs_burst_us (v1) or cpu.max.burst (v2). 0.5 cores at 100 ms ⇒ 50 000.</summary>
    public long BurstMicroseconds => (long)Math.Round(BurstCores * PeriodSeconds * 1e6);
}
