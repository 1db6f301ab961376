namespace KernelTruth.Recommender.Output;

/// <summary>
/// The in-memory <see cref="IRecommendationStore"/>: sets are immutable and swapped with one
/// compare-and-swap, so readers take no lock and a slow publisher never overwrites a newer set.
/// </summary>
public sealed class RecommendationStore : IRecommendationStore
{
    private RecommendationSet _latest = RecommendationSet.Empty;
    private ActivitySet _activity = ActivitySet.Empty;

    public RecommendationSet Latest => Volatile.Read(ref _latest);

    public ActivitySet LatestActivity => Volatile.Read(ref _activity);

    public void Publish(RecommendationSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        var sorted = set with { Recommendations = [.. set.Recommendations.OrderBy(r => r.Workload, StringComparer.Ordinal)] };
        Swap(ref _latest, sorted, s => s.At);
    }

    public void Publish(ActivitySet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        Swap(ref _activity, set with { Workloads = [.. set.Workloads] }, s => s.At);
    }

    private static void Swap<T>(ref T field, T next, Func<T, DateTimeOffset?> at)
        where T : class
    {
        while (true)
        {
            var current = Volatile.Read(ref field);
            if (at(current) > at(next))
            {
                return; // a newer set is already out
            }

            if (ReferenceEquals(Interlocked.CompareExchange(ref field, next, current), current))
            {
                return;
            }
        }
    }
}
