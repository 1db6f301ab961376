using KernelTruth.Recommender.Output;

namespace KernelTruth.Recommender.Tests.Fakes;

/// <summary>The real store, recording each publication in a shared event list; can be told to fail once.</summary>
internal sealed class RecordingStore(List<string> events) : IRecommendationStore
{
    private readonly RecommendationStore _inner = new();

    /// <summary>Thrown by the next Publish of recommendations, then cleared.</summary>
    public Exception? FailNextFit { get; set; }

    public RecommendationSet Latest => _inner.Latest;

    public ActivitySet LatestActivity => _inner.LatestActivity;

    public void Publish(RecommendationSet set)
    {
        if (FailNextFit is { } failure)
        {
            FailNextFit = null;
            throw failure;
        }

        lock (events)
        {
            events.Add($"recommendations {set.Recommendations.Count}");
        }

        _inner.Publish(set);
    }

    public void Publish(ActivitySet set)
    {
        lock (events)
        {
            events.Add($"activity {set.Workloads.Count}");
        }

        _inner.Publish(set);
    }
}
