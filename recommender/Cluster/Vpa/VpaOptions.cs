using KernelTruth.Models.Recommendations;

namespace KernelTruth.Cluster.Vpa;

/// <summary>How we own VPAs. Defaults: recommender name "kernel-truth", LowConfidence below 1 day of history.</summary>
public sealed record VpaOptions
{
    public const string DefaultRecommenderName = "kernel-truth";

    /// <summary>The name VPAs put in spec.recommenders to hand themselves to us. Default "kernel-truth"; non-empty.</summary>
    public string RecommenderName { get; init; } = DefaultRecommenderName;

    /// <summary>Days of history under which LowConfidence is True. Default 1 (VPA's upper bound is then ≥ 2× the target); valid ≥ 0.</summary>
    public double LowConfidenceBelowDays { get; init; } = 1.0;

    /// <summary>SLOs, percentiles and margins every container starts from; the VPA's container policy is applied on top.</summary>
    public RecommendationPolicy Policy { get; init; } = new();

    /// <summary>Whether a VPA is ours: spec.recommenders names us (the VPA API allows one entry; we accept it anywhere in the list).</summary>
    public bool Owns(Kubernetes.Resources.VerticalPodAutoscaler vpa) =>
        vpa.Spec?.Recommenders is { Count: > 0 } list && list.Any(r => string.Equals(r?.Name, RecommenderName, StringComparison.Ordinal));
}
