using KernelTruth.Simulations.Cost;
using KernelTruth.Simulations.Hpa;
using KernelTruth.Simulations.Replay;

namespace KernelTruth.Cli.Simulating;

/// <summary>`ktruth simulate --json`: the prediction at one limit (fields may be added, never renamed).</summary>
internal sealed record SimulateDocument(
    string ApiVersion,
    string Cgroup,
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
    bool Extrapolated,
    double? RecordedLimitCores,
    double? RecordedThrottledPeriodsRatio,
    IReadOnlyList<string> Warnings)
{
    public static SimulateDocument From(string cgroup, LimitPrediction p, double? recordedLimit, double? recordedRatio, IReadOnlyList<string> warnings) => new(
        "ktruth.io/v1", cgroup, p.LimitCores, p.PeriodSeconds, p.BurstCores, p.ThrottledPeriodsRatio, p.ThrottleWaitP50Seconds, p.ThrottleWaitP99Seconds,
        p.UsageCores, p.CountedPeriods, p.ThrottledPeriods, p.Confidence, p.Extrapolated, recordedLimit, recordedRatio, warnings);
}

/// <summary>`ktruth simulate hpa --json`.</summary>
internal sealed record HpaDocument(string ApiVersion, string Cgroup, HpaSignal Signal, double Target, double ReplicaHours, int MaxReplicas, double ThrottledPeriodsRatio, int MissingMetricSyncs, IReadOnlyList<HpaStep> Steps);

/// <summary>`ktruth simulate cost --json`: current vs recommended requests.</summary>
internal sealed record CostDocument(string ApiVersion, CostEstimate Current, CostEstimate Recommended, double Savings, IReadOnlyList<string> Warnings);
