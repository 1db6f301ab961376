using KernelTruth.Recommender.Logic;

namespace KernelTruth.Recommender.Output;

/// <summary>Every workload's recommendation from one fit, sorted by workload (ordinal), and when it was made.</summary>
public sealed record RecommendationSet(DateTimeOffset? At, IReadOnlyList<WorkloadRecommendation> Recommendations)
{
    public static RecommendationSet Empty { get; } = new(null, []);
}

/// <summary>Every workload's last interval from one ingest, busiest first, and when it was read.</summary>
public sealed record ActivitySet(DateTimeOffset? At, IReadOnlyList<WorkloadActivity> Workloads)
{
    public static ActivitySet Empty { get; } = new(null, []);
}
