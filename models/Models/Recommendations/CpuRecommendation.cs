namespace KernelTruth.Models.Recommendations;

/// <summary>CPU in cores, whole millicores. <paramref name="LimitCores"/> null = no limit.</summary>
public sealed record CpuRecommendation(
    double RequestCores,
    double? LimitCores,
    double LowerBoundCores,
    double UpperBoundCores,
    double UncappedTargetCores);
