using k8s;
using KernelTruth.Cluster.Attribution;
using KernelTruth.Cluster.Input;
using KernelTruth.Cluster.Tests.Controllers;
using Microsoft.Extensions.Logging.Abstractions;

namespace KernelTruth.Cluster.Tests.Attribution;

/// <summary>
/// Which workloads are gone for good, read from the informers against the in-process API server: the fixture's
/// Deployment "web" (ReplicaSet web-5d4f8, pods web-a and web-b) is gone only once its pods and its ReplicaSet are.
/// </summary>
public sealed class ClusterWorkloadPresenceTests : IAsyncLifetime
{
    private const string Web = "shop/Deployment/web/app";
    private readonly CancellationTokenSource _stop = new();
    private ClusterFixture _cluster = null!;
    private IKubernetes _client = null!;

    public async Task InitializeAsync()
    {
        _cluster = await ClusterFixture.StartAsync();
        _client = _cluster.Client("recommender");
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        _client.Dispose();
        await _cluster.DisposeAsync();
        _stop.Dispose();
    }

    [Fact]
    public async Task IsGone_DeploymentsPodsThenReplicaSetDeleted_GoneOnlyAfterBoth()
    {
        var cache = new ClusterCache(_client, NullLoggerFactory.Instance);
        var pods = new CurrentPods();
        var presence = new ClusterWorkloadPresence(cache, pods);
        Assert.False(presence.IsGone(Web)); // caches not synced: nothing is known to be gone

        var informers = cache.RunAsync(_stop.Token);
        await cache.WaitForSyncAsync(_stop.Token).WaitAsync(TimeSpan.FromSeconds(30));
        pods.Replace(cache.BuildIndex(cache.Pods.List()));
        Assert.False(presence.IsGone(Web)); // live pods

        await _client.CoreV1.DeleteNamespacedPodAsync("web-a", "shop");
        await _client.CoreV1.DeleteNamespacedPodAsync("web-b", "shop");
        await Until(() => cache.Pods.Get("shop", "web-a") is null && cache.Pods.Get("shop", "web-b") is null);
        pods.Replace(cache.BuildIndex(cache.Pods.List()));
        Assert.False(presence.IsGone(Web)); // no pods, but its ReplicaSet is left: scaled to zero, not deleted

        await _client.AppsV1.DeleteNamespacedReplicaSetAsync("web-5d4f8", "shop");
        await Until(() => cache.ReplicaSets.Get("shop", "web-5d4f8") is null);
        Assert.True(presence.IsGone(Web));

        Assert.False(presence.IsGone("shop/StatefulSet/db/app")); // StatefulSets are not cached: cannot tell
        Assert.False(presence.IsGone("/kubepods/burstable/pod1")); // not a workload key
        await _stop.CancelAsync();
        await informers.ContinueWith(_ => { }, TaskScheduler.Default);
    }

    private static async Task Until(Func<bool> condition)
    {
        for (int i = 0; i < 300 && !condition(); i++)
        {
            await Task.Delay(100);
        }

        Assert.True(condition(), "the informers did not see the deletion within 30 s");
    }
}
