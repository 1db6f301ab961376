namespace KernelTruth.Reports.Render;

// The JSON rendering's shape (version 1): units in the names, null = unknown or not set.
internal sealed record JsonReportDocument(
    int Version,
    DateTimeOffset GeneratedAt,
    string Source,
    JsonWindow? ObservedSeconds,
    string GroupBy,
    JsonPrices Prices,
    JsonTotals Summary,
    IReadOnlyList<JsonTotals> Groups,
    IReadOnlyList<JsonWorkload> Workloads,
    IReadOnlyList<string> Notes);

/// <summary>The shortest and longest window the rows' figures cover (each row has its own in measured.windowSeconds).</summary>
internal sealed record JsonWindow(double Shortest, double Longest);

internal sealed record JsonPrices(double HoursPerMonth, string PoolLabel, JsonPoolPrice Default, IReadOnlyDictionary<string, JsonPoolPrice> Pools);

internal sealed record JsonPoolPrice(double CpuHour, double GibHour);

internal sealed record JsonTotals(string Name, int Workloads, double MonthlyCostNow, double MonthlyCostRecommended, double MonthlySavings, int AtRisk, int CostsMore);

internal sealed record JsonResources(double? CpuRequestCores, double? CpuLimitCores, long? MemoryRequestBytes, long? MemoryLimitBytes);

internal sealed record JsonMeasured(
    double? WindowSeconds,
    double? UsageAverageCores,
    double? DemandP50Cores,
    double? DemandP95Cores,
    double? DemandP99Cores,
    double? ThrottledPeriodsRatio,
    double? ThrottleWaitP99Seconds,
    double? ContentionWaitP99Seconds,
    long? OomKills,
    long? MemoryPeakBytes);

internal sealed record JsonThrottling(double? LimitCores, double ThrottledPeriodsRatio, double ThrottleWaitP99Seconds, bool Extrapolated);

internal sealed record JsonWorkload(
    string Namespace,
    string Kind,
    string Name,
    string Container,
    string Group,
    int Pods,
    IReadOnlyDictionary<string, string> Labels,
    JsonResources Current,
    JsonResources Recommended,
    JsonResources Baseline,
    JsonMeasured Measured,
    double? Confidence,
    double MonthlyCostNow,
    double MonthlyCostRecommended,
    double MonthlySavings,
    JsonThrottling? ThrottlingBefore,
    JsonThrottling? ThrottlingAfter,
    IReadOnlyList<string> Risks,
    IReadOnlyList<string> Evidence,
    JsonStartup? Startup);

/// <summary>Recent container starts (p50/p90 across starts, seconds and core-seconds) and the startup fix; null when no start was seen.</summary>
internal sealed record JsonStartup(
    int Starts,
    double? ReadyP50Seconds,
    double? ReadyP90Seconds,
    double? CpuP50CoreSeconds,
    double? CpuP90CoreSeconds,
    double? ThrottledP50Seconds,
    double? ThrottledP90Seconds,
    JsonStartupFix? Fix);

/// <summary>recommendedLimit, burst or higherLimit; the burst in µs per period as cpu.cfs_burst_us / cpu.max.burst take it.</summary>
internal sealed record JsonStartupFix(string Kind, double? LimitCores, long BurstMicroseconds, double ReadySeconds, double PredictedReadySeconds);
