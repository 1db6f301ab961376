namespace KernelTruth.Models.Startup;

/// <summary>p50 and p90 (nearest rank) of one startup quantity.</summary>
public sealed record StartupPercentiles(double P50, double P90);

/// <summary>A workload's recent container starts; <see cref="ReadySeconds"/> is null when none became ready within its window.</summary>
/// <param name="WarmupCpuCoreSeconds">CPU from creation to ready (the warm-up's work); null when no start measured it.</param>
/// <param name="WarmupThrottledSeconds">Throttled time from creation to ready; null likewise.</param>
public sealed record StartupSummary(
    int Starts,
    StartupPercentiles? ReadySeconds,
    StartupPercentiles CpuCoreSeconds,
    StartupPercentiles ThrottledSeconds,
    StartupPercentiles? WarmupCpuCoreSeconds = null,
    StartupPercentiles? WarmupThrottledSeconds = null);
