namespace KernelTruth.Recommender.Output;

/// <summary>
/// Where the routines publish and everyone else (CLI, VPA writer, metrics adapter) reads: the
/// latest recommendations and the latest activity, each an immutable set swapped whole, so a
/// reader never sees half of one fit. Thread-safe.
/// </summary>
public interface IRecommendationStore
{
    /// <summary>The latest fit, sorted by workload; <see cref="RecommendationSet.Empty"/> before the first.</summary>
    RecommendationSet Latest { get; }

    /// <summary>The latest ingest's activity, busiest first; <see cref="ActivitySet.Empty"/> before the first.</summary>
    ActivitySet LatestActivity { get; }

    /// <summary>Replaces <see cref="Latest"/> unless <paramref name="set"/> is older than it.</summary>
    void Publish(RecommendationSet set);

    /// <summary>Replaces <see cref="LatestActivity"/> unless <paramref name="set"/> is older than it.</summary>
    void Publish(ActivitySet set);
}
