namespace KernelTruth.Cluster.Vpa;

/// <summary>The VPA condition types we set (names from the VPA API; ConfigUnsupported carries policy problems).</summary>
public static class VpaConditionTypes
{
    public const string RecommendationProvided = "RecommendationProvided";
    public const string LowConfidence = "LowConfidence";
    public const string NoPodsMatched = "NoPodsMatched";
    public const string ConfigUnsupported = "ConfigUnsupported";
}
