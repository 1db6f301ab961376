namespace KernelTruth.Models.Recommendations;

/// <summary>One workload container's recommendation, its confidence, the evidence behind it, and VPA's answer.</summary>
public sealed record Recommendation(
    CpuRecommendation Cpu,
    MemoryRecommendation Memory,
    RecommendationConfidence Confidence,
    RecommendationEvidence Evidence,
    BaselineRecommendation Baseline);
