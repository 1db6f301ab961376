using KernelTruth.MetricsAdapter.Store;
using KernelTruth.MetricsAdapter.Tests.Fakes;

namespace KernelTruth.MetricsAdapter.Tests.Store;

public class MetricsStoreTests
{
    [Fact]
    public void Publish_WithPreparer_PreparedBeforeServed()
    {
        // While the preparer runs for view 2, readers must still be served view 1.
        var preparer = new RecordingPreparer();
        var store = new MetricsStore([preparer]);
        preparer.Store = store;

        SeedData.Publish(store);
        SeedData.Publish(store);

        Assert.Equal([(1, 0), (2, 1)], preparer.Seen);
        Assert.Equal(2, store.Current.Generation);
    }

    private sealed class RecordingPreparer : IPublicationPreparer
    {
        public MetricsStore? Store { get; set; }

        public List<(long Preparing, long Served)> Seen { get; } = [];

        public void Prepare(MetricsView next) => Seen.Add((next.Generation, Store!.Current.Generation));
    }
}
