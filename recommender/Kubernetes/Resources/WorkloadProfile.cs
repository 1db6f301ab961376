using k8s;
using k8s.Models;

namespace KernelTruth.Kubernetes.Resources;

/// <summary>
/// ktruth.io/v1alpha1 WorkloadProfile (short name ktp): one per workload container, the kernel's truth and
/// our recommendation for it. The one type for it: the cluster recommender writes it, `ktruth report` and
/// `ktruth simulate cost` read it (<see cref="WorkloadProfileReader"/>). Fields may be added, never renamed or
/// removed. CRD: deploy/base/crds/workloadprofiles.ktruth.io.yaml.
/// </summary>
public sealed record WorkloadProfile : IKubernetesObject<V1ObjectMeta>
{
    public static readonly CustomResource Resource = new("ktruth.io", "v1alpha1", "workloadprofiles", "WorkloadProfile");

    public string ApiVersion { get; set; } = Resource.ApiVersion;

    public string Kind { get; set; } = Resource.Kind;

    public V1ObjectMeta Metadata { get; set; } = new();

    public WorkloadProfileSpec? Spec { get; init; }

    public WorkloadProfileStatus? Status { get; init; }
}

public sealed record WorkloadProfileSpec
{
    public required CrossVersionObjectReference TargetRef { get; init; }

    public required string ContainerName { get; init; }
}

public sealed record WorkloadProfileStatus
{
    /// <summary>RFC 3339, when these numbers were computed.</summary>
    public string? LastUpdated { get; init; }

    /// <summary>Seconds of history the measured numbers cover.</summary>
    public long WindowSeconds { get; init; }

    /// <summary>Pods that contributed.</summary>
    public int Pods { get; init; }

    public ProfileMeasured? Measured { get; init; }

    public ProfileResources? Current { get; init; }

    public ProfileRecommendation? Recommendation { get; init; }

    public ProfileBaseline? Baseline { get; init; }

    public ProfilePrediction? Predicted { get; init; }

    /// <summary>What the metrics adapter publishes as cpu_demand_forecast_cores for this container (all replicas).</summary>
    public ProfileForecast? Forecast { get; init; }

    public List<VpaCondition>? Conditions { get; init; }
}

/// <summary>The CRD requires none of these (a reader meets profiles without them); the recommender writes them all.</summary>
public sealed record ProfileMeasured
{
    /// <summary>What metrics-server would show: mean usage over the window, cores.</summary>
    public double UsageAverageCores { get; init; }

    public ProfilePercentiles? DemandCores { get; init; }

    /// <summary>Throttled / total CFS periods, 0..1.</summary>
    public double ThrottledPeriodsRatio { get; init; }

    public ProfileWait? ThrottleWaitSeconds { get; init; }

    public ProfileWait? ContentionWaitSeconds { get; init; }

    public long OomKills { get; init; }

    public long MemoryPeakBytes { get; init; }

    /// <summary>Recent container starts from the kernel's start timelines; absent until a start was seen.</summary>
    public ProfileStartup? Startup { get; init; }
}

public sealed record ProfilePercentiles(double P50, double P95, double P99);

/// <summary>
/// The last starts of the workload's containers: exec → first listen (or → CPU settled), the CPU burned and the time
/// throttled over the first N seconds after exec; p50 and p90 across starts.
/// </summary>
public sealed record ProfileStartup
{
    public int Starts { get; init; }

    /// <summary>Absent when no start became ready (listened or settled) within its window.</summary>
    public ProfileStartupPercentiles? ReadySeconds { get; init; }

    public ProfileStartupPercentiles? CpuCoreSeconds { get; init; }

    public ProfileStartupPercentiles? ThrottledSeconds { get; init; }

    /// <summary>CPU from the cgroup's creation to ready: the warm-up's work. Absent for starts from sensors that did not measure it.</summary>
    public ProfileStartupPercentiles? WarmupCpuCoreSeconds { get; init; }

    /// <summary>Throttled time from the cgroup's creation to ready.</summary>
    public ProfileStartupPercentiles? WarmupThrottledSeconds { get; init; }
}

public sealed record ProfileStartupPercentiles(double P50, double P90);

public sealed record ProfileWait(double P50, double P99);

/// <summary>Kubernetes quantity strings; a null field is not set.</summary>
public sealed record ProfileResources
{
    public string? CpuRequest { get; init; }

    public string? CpuLimit { get; init; }

    public string? MemoryRequest { get; init; }

    public string? MemoryLimit { get; init; }
}

public sealed record ProfileRecommendation
{
    public required string CpuRequest { get; init; }

    /// <summary>null = no limit.</summary>
    public string? CpuLimit { get; init; }

    public required string MemoryRequest { get; init; }

    public string? MemoryLimit { get; init; }

    /// <summary>0..1: d/(1 + d) for d days of history.</summary>
    public double Confidence { get; init; }

    public List<string> Evidence { get; init; } = [];

    /// <summary>Whether starts are throttled and what fixes it; absent until a start with a measured warm-up was seen.</summary>
    public ProfileStartupAdvice? Startup { get; init; }
}

/// <summary>
/// The startup advice (p50s over recent starts): the fix, its limit and CFS burst, and the simulator's ready time
/// under each setting considered. The burst has no place in a pod spec or a VPA: it is set on the cgroup
/// (cpu.cfs_burst_us = <see cref="CpuBurstMicroseconds"/> on cgroup v1, the same number in cpu.max.burst on v2).
/// </summary>
public sealed record ProfileStartupAdvice
{
    public bool Throttled { get; init; }

    /// <summary>none, recommendedLimit, burst or higherLimit.</summary>
    public required string Fix { get; init; }

    /// <summary>The limit the fix needs; absent for none, or when no limit is recommended.</summary>
    public string? CpuLimit { get; init; }

    /// <summary>The burst the fix needs, µs per period; 0 = none.</summary>
    public long CpuBurstMicroseconds { get; init; }

    public double ReadySeconds { get; init; }

    public double ParallelCores { get; init; }

    public double? PredictedAtCurrentSeconds { get; init; }

    public double? PredictedAtRecommendedSeconds { get; init; }

    public double? PredictedWithBurstSeconds { get; init; }

    public double UnthrottledSeconds { get; init; }

    public double PredictedReadySeconds { get; init; }
}

public sealed record ProfileBaseline
{
    public string? CpuRequest { get; init; }

    public string? MemoryRequest { get; init; }
}

/// <summary>
/// The predicted effect of the recommended CPU limit: the simulation engine's replay of the modelled
/// demand (Source "simulation"), or the model's closed form when the engine has none (Source "model").
/// </summary>
public sealed record ProfilePrediction
{
    public string? CpuLimit { get; init; }

    public double ThrottledPeriodsRatio { get; init; }

    public double ThrottleWaitP99Seconds { get; init; }

    public bool Extrapolated { get; init; }

    /// <summary>"simulation" or "model": which produced the numbers above.</summary>
    public string? Source { get; init; }

    /// <summary>Mean CPU used at the limit, cores (simulation only).</summary>
    public double? UsageCores { get; init; }

    /// <summary>0..1, the engine's confidence (simulation only).</summary>
    public double? Confidence { get; init; }

    /// <summary>The model's own closed-form prediction at the same limit, for comparison.</summary>
    public ProfileModelPrediction? Model { get; init; }
}

public sealed record ProfileModelPrediction
{
    public double ThrottledPeriodsRatio { get; init; }

    public double ThrottleWaitP99Seconds { get; init; }
}

/// <summary>
/// The demand forecast published as cpu_demand_forecast_cores: the forecaster's value (source "forecast") or, while it
/// is unsure, the last minute's demand (source "reactive") with the reason.
/// </summary>
public sealed record ProfileForecast
{
    /// <summary>The published value, cores summed over the replicas: max(predicted, reactive) from the forecaster, else the reactive value.</summary>
    public double CpuDemandCores { get; init; }

    /// <summary>"forecast" or "reactive".</summary>
    public string? Source { get; init; }

    /// <summary>Why the reactive value is published; absent when the forecast is.</summary>
    public string? Reason { get; init; }

    /// <summary>How far ahead: the measured p50 start time (60 s when unmeasured) plus the HPA sync period.</summary>
    public double HorizonSeconds { get; init; }

    /// <summary>The last finished minute's demand, cores, for comparison.</summary>
    public double ReactiveCores { get; init; }

    /// <summary>The forecaster's own prediction (the published value is never below the reactive one); absent before it can predict.</summary>
    public double? PredictedCores { get; init; }

    /// <summary>RFC 3339: the start of the minute the forecast was made from.</summary>
    public string? MadeAt { get; init; }
}
