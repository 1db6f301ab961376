using KernelTruth.Recommender.Logic;
using KernelTruth.Recommender.Output;
using KernelTruth.Recommender.Tests.Fakes;

namespace KernelTruth.Recommender.Tests.Output;

public sealed class RecommendationStoreTests
{
    private static readonly DateTimeOffset T = ManualTimeProvider.Start;

    [Fact]
    public void Latest_NothingPublished_EmptyWithNoTime()
    {
        var store = new RecommendationStore();

        Assert.Same(RecommendationSet.Empty, store.Latest);
        Assert.Null(store.Latest.At);
        Assert.Same(ActivitySet.Empty, store.LatestActivity);
    }

    [Fact]
    public void Publish_UnsortedSet_StoredSortedOrdinally()
    {
        var store = new RecommendationStore();

        store.Publish(new RecommendationSet(T, [Failed("/b"), Failed("/B"), Failed("/a")]));

        Assert.Equal(["/B", "/a", "/b"], store.Latest.Recommendations.Select(r => r.Workload)); // 'B' (66) < 'a' (97)
        Assert.Equal(T, store.Latest.At);
    }

    [Fact]
    public void Publish_OlderAfterNewer_NewerKept()
    {
        var store = new RecommendationStore();
        store.Publish(new RecommendationSet(T.AddSeconds(60), [Failed("/new")]));

        store.Publish(new RecommendationSet(T, [Failed("/old")]));

        Assert.Equal("/new", Assert.Single(store.Latest.Recommendations).Workload);
    }

    [Fact]
    public async Task Publish_ManyWritersAndReaders_ReadersAlwaysSeeWholeSets()
    {
        var store = new RecommendationStore();

        // Each set holds k copies of workload "/k": a torn read would mix sizes and names.
        var writers = Enumerable.Range(1, 4).Select(w => Task.Run(() =>
        {
            for (int k = 1; k <= 200; k++)
            {
                store.Publish(new RecommendationSet(T.AddSeconds(k), [.. Enumerable.Repeat(Failed($"/{k}"), k % 7 + 1)]));
            }
        }));
        var reader = Task.Run(() =>
        {
            for (int i = 0; i < 2000; i++)
            {
                var set = store.Latest;
                Assert.True(set.Recommendations.Select(r => r.Workload).Distinct().Count() <= 1);
            }
        });
        await Task.WhenAll([.. writers, reader]);

        Assert.Equal(T.AddSeconds(200), store.Latest.At);
    }

    private static WorkloadRecommendation Failed(string workload) => new(workload, null, "no history");
}
