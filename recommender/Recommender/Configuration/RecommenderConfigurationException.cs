namespace KernelTruth.Recommender.Configuration;

/// <summary>The recommender's settings are unusable; the message lists every problem, one a line.</summary>
public sealed class RecommenderConfigurationException(IReadOnlyList<string> errors)
    : Exception("invalid recommender configuration:\n  - " + string.Join("\n  - ", errors))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}
