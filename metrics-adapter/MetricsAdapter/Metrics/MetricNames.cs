namespace KernelTruth.MetricsAdapter.Metrics;

/// <summary>The metrics HPA can scale on. Names are part of the API: never rename.</summary>
public static class MetricNames
{
    /// <summary>Throttled / total CFS periods over the window, 0–1 (0 for an unlimited cgroup).</summary>
    public const string ThrottledPeriodsRatio = "cpu_throttled_periods_ratio";

    /// <summary>p99 of the waits a throttled task spent until it ran again, seconds.</summary>
    public const string ThrottleWaitP99 = "cpu_throttle_wait_seconds_p99";

    /// <summary>p99 of run-queue waits with throttled time excluded, seconds.</summary>
    public const string ContentionWaitP99 = "cpu_contention_wait_seconds_p99";

    /// <summary>Usage plus the demand hidden by throttling, cores.</summary>
    public const string DemandCores = "cpu_demand_cores";

    /// <summary>Demand / CPU request (a ratio: 850m = 85 %); offered only where every container has a request.</summary>
    public const string DemandUtilization = "cpu_demand_utilization";

    /// <summary>
    /// Demand expected a pod start + an HPA sync ahead, cores: the recommender's forecast where it trusts it, else the
    /// reactive value (cpu_demand_cores); the WorkloadProfile says which and why.
    /// </summary>
    public const string DemandForecastCores = "cpu_demand_forecast_cores";

    /// <summary>Every metric, in the order discovery lists them.</summary>
    public static IReadOnlyList<string> All { get; } =
        [ThrottledPeriodsRatio, ThrottleWaitP99, ContentionWaitP99, DemandCores, DemandUtilization, DemandForecastCores];

    public static bool IsKnown(string name) => All.Contains(name, StringComparer.Ordinal);
}
