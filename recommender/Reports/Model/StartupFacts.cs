namespace KernelTruth.Reports.Model;

/// <summary>
/// A workload's recent container starts as a report shows them (p50/p90 across starts) and, when its starts are
/// throttled, the fix (<see cref="StartupFixFacts"/>). From a WorkloadProfile's status or from the start ring a state
/// file keeps.
/// </summary>
/// <param name="ReadyP50Seconds">Exec → first listen (or → CPU settled); null when no start became ready.</param>
/// <param name="CpuP50CoreSeconds">CPU from the cgroup's creation to N seconds after its exec.</param>
/// <param name="ThrottledP50Seconds">Throttled time over the same span.</param>
/// <param name="Fix">The startup advice; null when starts are not throttled notably or the warm-up was not measured.</param>
public sealed record StartupFacts(
    int Starts,
    double? ReadyP50Seconds,
    double? ReadyP90Seconds,
    double? CpuP50CoreSeconds,
    double? CpuP90CoreSeconds,
    double? ThrottledP50Seconds,
    double? ThrottledP90Seconds,
    StartupFixFacts? Fix);

/// <summary>What lets a throttled warm-up run, and the simulator's ready time with it.</summary>
/// <param name="Kind">recommendedLimit, burst or higherLimit (as in WorkloadProfile status.recommendation.startup.fix).</param>
/// <param name="LimitCores">The limit the fix needs; null when no limit is recommended.</param>
/// <param name="BurstMicroseconds">cpu.cfs_burst_us / cpu.max.burst the fix needs; 0 = none.</param>
/// <param name="ReadySeconds">Measured p50 ready time.</param>
/// <param name="PredictedReadySeconds">The replay's ready time with the fix.</param>
public sealed record StartupFixFacts(string Kind, double? LimitCores, long BurstMicroseconds, double ReadySeconds, double PredictedReadySeconds);
