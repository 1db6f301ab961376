using KernelTruth.Models.Recommendations;

namespace KernelTruth.Recommender.Logic;

/// <summary>One workload's recommendation, or why there is none (Error set, Recommendation null).</summary>
public sealed record WorkloadRecommendation(string Workload, Recommendation? Recommendation, string? Error);
