namespace KernelTruth.Models;

/// <summary>Every default of the models and the recommendation policy, in one place.</summary>
public static class ModelDefaults
{
    /// <summary>Half-life of demand, wait and memory histograms: VPA's 24 h.</summary>
    public static readonly TimeSpan HalfLife = TimeSpan.FromHours(24);

    /// <summary>Memory peaks are kept one per window of this length: VPA's 24 h.</summary>
    public static readonly TimeSpan MemoryAggregationInterval = TimeSpan.FromHours(24);

    /// <summary>Distinct millicore values kept per demand distribution before neighbours merge upward.</summary>
    public const int DemandMaxEntries = 64;

    /// <summary>
    /// How far above what the kernel let a throttled workload use its demand is assumed to reach:
    /// at most this factor × the limit per period, and this factor × the usage per minute. Throttle
    /// wait cannot measure the excess (a thread throttled with 15 ms of work left still waits the rest
    /// of the period, ~85 ms), so each recommendation raises a throttled workload's CPU by at most
    /// this step, and the next observation, at the raised limit, measures the rest. Measured on the
    /// kernel: a 0.3-core bursty loop under a 0.15 limit was given a 3.6-core limit when throttle wait
    /// was taken as demand.
    /// </summary>
    public const double CensoredGrowthCap = 2.0;

    public const double RequestPercentile = 0.9;
    public const double LowerBoundPercentile = 0.5;
    public const double UpperBoundPercentile = 0.95;
    public const double SafetyMargin = 0.15;

    /// <summary>SLO: at most 1 % of periods throttled.</summary>
    public const double ThrottledPeriodsSlo = 0.01;

    /// <summary>SLO: throttle wait at <see cref="ThrottleWaitPercentile"/> at most 10 ms.</summary>
    public static readonly TimeSpan ThrottleWaitSlo = TimeSpan.FromMilliseconds(10);

    public const double ThrottleWaitPercentile = 0.99;

    public const double MemoryPercentile = 0.95;
    public const double MemoryLowerBoundPercentile = 0.5;
    public const double MemoryUpperBoundPercentile = 0.99;

    /// <summary>OOM bump, as VPA: max(used + 100 MiB, used × 1.2).</summary>
    public const double OomBumpUpRatio = 1.2;

    public const long OomMinBumpUpBytes = 100L * 1024 * 1024;

    /// <summary>Contention wait p99 above this gets an explanatory note.</summary>
    public static readonly TimeSpan ContentionWaitThreshold = TimeSpan.FromMilliseconds(10);

    /// <summary>Ceiling for CPU answers when no maxAllowed is set (the demand grid's end).</summary>
    public const double MaxCpuCores = 1000.0;

    /// <summary>Ceiling for memory answers when no maxAllowed is set (VPA's memory histogram end, 1 TB).</summary>
    public const long MaxMemoryBytes = 1_000_000_000_000;
}
