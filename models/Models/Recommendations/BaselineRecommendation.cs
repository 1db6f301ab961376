namespace KernelTruth.Models.Recommendations;

/// <summary>
/// What the stock VPA recommender (1.7.1 defaults) would say from the same usage, shown beside ours.
/// Its CPU limit is VPA's proportional limit (target × limit/request) with RequestsAndLimits and a
/// known ratio, else null.
/// </summary>
public sealed record BaselineRecommendation(CpuRecommendation Cpu, MemoryRecommendation Memory, double ConfidenceDays);
