using KernelTruth.MetricsAdapter.Metrics;
using KernelTruth.MetricsAdapter.Store;
using KernelTruth.MetricsAdapter.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;

namespace KernelTruth.MetricsAdapter.Tests.Store;

public class MetricsAdapterFeedTests
{
    private static readonly WorkloadRef Web = new("Deployment", "web");

    private static PodAttribution Pod(string pod, string? container, double? request, string app = "web") =>
        new("shop", pod, new Dictionary<string, string> { ["app"] = app }, app == "web" ? [Web] : [], container, request);

    private static (MetricsStore Store, MetricsAdapterFeed Feed) Feed(Dictionary<string, PodAttribution> pods, ManualClock clock)
    {
        var store = new MetricsStore();
        return (store, new MetricsAdapterFeed(store, new MapAttributor(pods), TimeSpan.FromSeconds(60), clock, NullLogger.Instance));
    }

    [Fact]
    public void Publish_ContainersMergeIntoPods_PodsIntoWorkloadAndNamespace()
    {
        var clock = new ManualClock(Snapshots.WallAt(10));
        var (store, feed) = Feed(new()
        {
            ["/a1"] = Pod("web-a", "app", 0.5),
            ["/a2"] = Pod("web-a", "sidecar", 0.25),
            ["/b1"] = Pod("web-b", "app", 0.5),
            ["/d1"] = Pod("db-0", "db", null, app: "db"),
        }, clock);
        for (int t = 0; t <= 10; t++)
        {
            Assert.True(feed.Ingest(Snapshots.Node(t,
                Snapshots.Cgroup(1, "/a1", t, 0.3, periods: 10, throttled: 3),
                Snapshots.Cgroup(2, "/a2", t, 0.1, periods: 0),
                Snapshots.Cgroup(3, "/b1", t, 0.2, periods: 10, throttled: 1),
                Snapshots.Cgroup(4, "/d1", t, 0.4, periods: 0),
                Snapshots.Cgroup(5, "/system.slice", t, 1.0, periods: 0))));
        }

        Assert.Equal(3, feed.Publish());
        var ns = store.Current.Namespaces["shop"];
        Assert.Equal(["db-0", "web-a", "web-b"], ns.Pods.Select(p => p.Name));

        var a = ns.ByName["web-a"].Sums;
        // web-a: demand 0.303 + 0.1 = 0.403 cores over requests 0.75 → 0.537333; 30 of 100 periods throttled.
        Assert.Equal(0.403, a.Value(MetricNames.DemandCores)!.Value, 6);
        Assert.Equal(0.403 / 0.75, a.Value(MetricNames.DemandUtilization)!.Value, 6);
        Assert.Equal(0.3, a.Value(MetricNames.ThrottledPeriodsRatio)!.Value, 12);

        var web = ns.Workloads[Web];
        // Deployment web = web-a + web-b: (30 + 10) / 200 periods = 0.2; demand 0.403 + 0.201 = 0.604.
        Assert.Equal(0.2, web.Value(MetricNames.ThrottledPeriodsRatio)!.Value, 12);
        Assert.Equal(0.604, web.Value(MetricNames.DemandCores)!.Value, 6);
        Assert.Equal(0.604 / 1.25, web.Value(MetricNames.DemandUtilization)!.Value, 6);

        // Namespace: + db-0 (0.4 cores, no request) → utilization not offered.
        Assert.Equal(1.004, ns.Total.Value(MetricNames.DemandCores)!.Value, 6);
        Assert.Null(ns.Total.Value(MetricNames.DemandUtilization));
    }

    [Fact]
    public void Publish_EachTime_NewGeneration()
    {
        var clock = new ManualClock(Snapshots.WallAt(1));
        var (store, feed) = Feed(new() { ["/a1"] = Pod("web-a", "app", 0.5) }, clock);
        Assert.False(store.HasPublished);
        feed.Publish();
        long first = store.Current.Generation;
        feed.Publish();
        Assert.True(store.HasPublished);
        Assert.True(store.Current.Generation > first);
    }

    [Fact]
    public void Ingest_OutOfOrderSnapshot_RejectedAndNothingChanges()
    {
        var clock = new ManualClock(Snapshots.WallAt(2));
        var (store, feed) = Feed(new() { ["/a1"] = Pod("web-a", "app", 0.5) }, clock);
        Assert.True(feed.Ingest(Snapshots.Node(1, Snapshots.Cgroup(1, "/a1", 1, 0.3))));
        Assert.True(feed.Ingest(Snapshots.Node(2, Snapshots.Cgroup(1, "/a1", 2, 0.3))));
        Assert.False(feed.Ingest(Snapshots.Node(0, Snapshots.Cgroup(1, "/a1", 0, 0.3))));
        feed.Publish();
        Assert.Equal(1, store.Current.Namespaces["shop"].Pods[0].Sums.WindowSeconds, 6);
    }

    [Fact]
    public void Publish_AttributorThrowsForOneCgroup_OthersStillPublished()
    {
        var clock = new ManualClock(Snapshots.WallAt(1));
        var store = new MetricsStore();
        var feed = new MetricsAdapterFeed(store, new ThrowingFor("/bad", new MapAttributor(new() { ["/ok"] = Pod("web-a", "app", 0.5) })), TimeSpan.FromSeconds(60), clock, NullLogger.Instance);
        feed.Ingest(Snapshots.Node(0, Snapshots.Cgroup(1, "/ok", 0, 0.3), Snapshots.Cgroup(2, "/bad", 0, 0.3)));
        feed.Ingest(Snapshots.Node(1, Snapshots.Cgroup(1, "/ok", 1, 0.3), Snapshots.Cgroup(2, "/bad", 1, 0.3)));
        Assert.Equal(1, feed.Publish());
    }

    private sealed class ThrowingFor(string path, IPodAttributor inner) : IPodAttributor
    {
        public PodAttribution? Attribute(string node, KernelTruth.Contracts.Snapshot.CgroupSnapshot cgroup) =>
            cgroup.Path == path ? throw new InvalidOperationException("informer not synced") : inner.Attribute(node, cgroup);
    }
}
