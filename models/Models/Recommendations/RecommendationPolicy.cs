namespace KernelTruth.Models.Recommendations;

/// <summary>
/// How one workload container's recommendation is made: percentiles, margin, the throttling SLO and
/// the VPA container policy it must honour. Defaults in <see cref="ModelDefaults"/>.
/// </summary>
public sealed record RecommendationPolicy
{
    /// <summary>Demand percentile for the CPU request. Default 0.9 (VPA's target); valid (0, 1).</summary>
    public double RequestPercentile { get; init; } = ModelDefaults.RequestPercentile;

    /// <summary>Demand percentile for the lower bound. Default 0.5; valid (0, 1).</summary>
    public double LowerBoundPercentile { get; init; } = ModelDefaults.LowerBoundPercentile;

    /// <summary>Demand percentile for the upper bound. Default 0.95; valid (0, 1).</summary>
    public double UpperBoundPercentile { get; init; } = ModelDefaults.UpperBoundPercentile;

    /// <summary>Safety margin on requests and bounds. Default 0.15; valid [0, 10].</summary>
    public double SafetyMargin { get; init; } = ModelDefaults.SafetyMargin;

    /// <summary>Largest acceptable share of throttled periods. Default 0.01; valid (0, 1).</summary>
    public double ThrottledPeriodsSlo { get; init; } = ModelDefaults.ThrottledPeriodsSlo;

    /// <summary>Largest acceptable throttle wait at <see cref="ThrottleWaitPercentile"/>. Default 10 ms; valid [0, 10 s].</summary>
    public TimeSpan ThrottleWaitSlo { get; init; } = ModelDefaults.ThrottleWaitSlo;

    /// <summary>Percentile over periods of the throttle-wait SLO. Default 0.99; valid (0, 1).</summary>
    public double ThrottleWaitPercentile { get; init; } = ModelDefaults.ThrottleWaitPercentile;

    /// <summary>Default <see cref="LimitMode.Slo"/>.</summary>
    public LimitMode LimitMode { get; init; } = LimitMode.Slo;

    /// <summary>Default <see cref="ControlledValues.RequestsAndLimits"/>, VPA's default.</summary>
    public ControlledValues ControlledValues { get; init; } = ControlledValues.RequestsAndLimits;

    /// <summary>
    /// Limit/request ratio VPA will keep with RequestsAndLimits. Default null: taken from the last
    /// interval's limit and request when both are known. Valid ≥ 1.
    /// </summary>
    public double? LimitRequestRatio { get; init; }

    /// <summary>VPA minAllowed CPU in cores; null = none. Valid ≥ 0 and ≤ max.</summary>
    public double? MinCpuCores { get; init; }

    /// <summary>VPA maxAllowed CPU in cores; null = none. Valid &gt; 0.</summary>
    public double? MaxCpuCores { get; init; }

    /// <summary>VPA minAllowed memory in bytes; null = none.</summary>
    public long? MinMemoryBytes { get; init; }

    /// <summary>VPA maxAllowed memory in bytes; null = none.</summary>
    public long? MaxMemoryBytes { get; init; }

    /// <summary>Percentile of per-window memory peaks for the request. Default 0.95; valid (0, 1).</summary>
    public double MemoryPercentile { get; init; } = ModelDefaults.MemoryPercentile;

    /// <summary>Default 0.5; valid (0, 1).</summary>
    public double MemoryLowerBoundPercentile { get; init; } = ModelDefaults.MemoryLowerBoundPercentile;

    /// <summary>Default 0.99; valid (0, 1).</summary>
    public double MemoryUpperBoundPercentile { get; init; } = ModelDefaults.MemoryUpperBoundPercentile;

    /// <summary>Default <see cref="MemoryLimitMode.NoLimit"/>.</summary>
    public MemoryLimitMode MemoryLimit { get; init; } = MemoryLimitMode.NoLimit;

    /// <summary>Containers in the pod: VPA's baseline splits its pod minimum (25 m, 250 MiB) over them. Default 1; valid ≥ 1.</summary>
    public int ContainersInPod { get; init; } = 1;

    /// <summary>Contention wait p99 above this gets a note. Default 10 ms; valid ≥ 0.</summary>
    public TimeSpan ContentionWaitThreshold { get; init; } = ModelDefaults.ContentionWaitThreshold;

    /// <summary>Every problem with this policy, or empty.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        Fraction(RequestPercentile, nameof(RequestPercentile), errors);
        Fraction(LowerBoundPercentile, nameof(LowerBoundPercentile), errors);
        Fraction(UpperBoundPercentile, nameof(UpperBoundPercentile), errors);
        Fraction(ThrottledPeriodsSlo, nameof(ThrottledPeriodsSlo), errors);
        Fraction(ThrottleWaitPercentile, nameof(ThrottleWaitPercentile), errors);
        Fraction(MemoryPercentile, nameof(MemoryPercentile), errors);
        Fraction(MemoryLowerBoundPercentile, nameof(MemoryLowerBoundPercentile), errors);
        Fraction(MemoryUpperBoundPercentile, nameof(MemoryUpperBoundPercentile), errors);
        if (!(SafetyMargin >= 0 && SafetyMargin <= 10))
        {
            errors.Add($"{nameof(SafetyMargin)} must be in [0, 10] (was {SafetyMargin})");
        }

        if (ThrottleWaitSlo < TimeSpan.Zero || ThrottleWaitSlo > TimeSpan.FromSeconds(10))
        {
            errors.Add($"{nameof(ThrottleWaitSlo)} must be in [0, 10 s] (was {ThrottleWaitSlo})");
        }

        if (LimitRequestRatio is double r && !(r >= 1 && double.IsFinite(r)))
        {
            errors.Add($"{nameof(LimitRequestRatio)} must be ≥ 1 when set (was {r})");
        }

        if (MinCpuCores is double minCpu && !(minCpu >= 0 && double.IsFinite(minCpu)))
        {
            errors.Add($"{nameof(MinCpuCores)} must be ≥ 0 (was {minCpu})");
        }

        if (MaxCpuCores is double maxCpu && !(maxCpu > 0 && double.IsFinite(maxCpu)))
        {
            errors.Add($"{nameof(MaxCpuCores)} must be > 0 (was {maxCpu})");
        }

        if (MinCpuCores > MaxCpuCores)
        {
            errors.Add($"{nameof(MinCpuCores)} ({MinCpuCores}) exceeds {nameof(MaxCpuCores)} ({MaxCpuCores})");
        }

        if (MinMemoryBytes < 0 || MaxMemoryBytes <= 0)
        {
            errors.Add($"{nameof(MinMemoryBytes)} must be ≥ 0 and {nameof(MaxMemoryBytes)} > 0");
        }

        if (MinMemoryBytes > MaxMemoryBytes)
        {
            errors.Add($"{nameof(MinMemoryBytes)} ({MinMemoryBytes}) exceeds {nameof(MaxMemoryBytes)} ({MaxMemoryBytes})");
        }

        if (ContainersInPod < 1)
        {
            errors.Add($"{nameof(ContainersInPod)} must be ≥ 1 (was {ContainersInPod})");
        }

        if (ContentionWaitThreshold < TimeSpan.Zero)
        {
            errors.Add($"{nameof(ContentionWaitThreshold)} must be ≥ 0 (was {ContentionWaitThreshold})");
        }

        return errors;
    }

    private static void Fraction(double value, string name, List<string> errors)
    {
        if (!(value > 0 && value < 1))
        {
            errors.Add($"{name} must be in (0, 1) (was {value})");
        }
    }
}
