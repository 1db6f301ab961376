namespace KernelTruth.Models.Input;

/// <summary>
/// What the kernel did to one workload container over one observation interval (typically
/// 10–60 s): the recommender builds it from two sensor snapshots (deltas of its cumulative counters)
/// and hands it to <see cref="Recommendations.WorkloadModel.Add"/>. Check <see cref="Validate"/> first:
/// an invalid interval is dropped, never fed to a model.
/// </summary>
public sealed record WorkloadInterval
{
    /// <summary>Default CFS period, the kernel's default cfs_period_us of 100 ms.</summary>
    public const double DefaultPeriodSeconds = 0.1;

    /// <summary>End of the interval.</summary>
    public required DateTimeOffset Time { get; init; }

    /// <summary>Length of the interval; &gt; 0.</summary>
    public required TimeSpan Duration { get; init; }

    /// <summary>Average CPU over the interval in cores: what metrics-server would show.</summary>
    public required double UsageCores { get; init; }

    /// <summary>CFS period length in seconds; (0, 1]. Default 0.1.</summary>
    public double PeriodSeconds { get; init; } = DefaultPeriodSeconds;

    /// <summary>Per-period usage distribution over the interval's active periods, ascending, non-overlapping.</summary>
    public IReadOnlyList<UsageBucket> PeriodUsage { get; init; } = [];

    /// <summary>Kernel nr_periods delta (0 for an unlimited cgroup).</summary>
    public long Periods { get; init; }

    /// <summary>Kernel nr_throttled delta; ≤ <see cref="Periods"/>.</summary>
    public long ThrottledPeriods { get; init; }

    /// <summary>Sum of throttle waits over the interval, in seconds (sched.throttleWait.sumNs delta).</summary>
    public double ThrottleWaitSeconds { get; init; }

    /// <summary>Throttle waits by log2 µs slot: [i] counts waits in [2^i, 2^(i+1)) µs; at most 27 slots.</summary>
    public IReadOnlyList<long> ThrottleWait { get; init; } = [];

    /// <summary>Contention (run-queue) waits by log2 µs slot, throttled time excluded.</summary>
    public IReadOnlyList<long> ContentionWait { get; init; } = [];

    /// <summary>Enforced CPU limit in cores (quota/period); null = unlimited.</summary>
    public double? LimitCores { get; init; }

    /// <summary>CFS burst in cores (burst/period); 0 when none.</summary>
    public double BurstCores { get; init; }

    /// <summary>CPU request in cores; null when unknown.</summary>
    public double? RequestCores { get; init; }

    /// <summary>Memory in use at the end of the interval (working set), bytes.</summary>
    public long MemoryBytes { get; init; }

    /// <summary>Highest memory use during the interval, bytes; null when the kernel does not report it.</summary>
    public long? MemoryPeakBytes { get; init; }

    /// <summary>Memory request in bytes; null when unknown. Used for the OOM bump, as VPA uses it.</summary>
    public long? MemoryRequestBytes { get; init; }

    /// <summary>OOM kills in the interval (delta).</summary>
    public long OomKills { get; init; }

    /// <summary>Every reason this interval cannot be used; empty when it is valid. Does not allocate when valid.</summary>
    public IReadOnlyList<string> Validate() => WorkloadIntervalValidator.Validate(this);
}
