using k8s;
using k8s.Models;
using KernelTruth.Kube.TestServer;
using KernelTruth.Kubernetes.Tests.Fakes;

namespace KernelTruth.Kubernetes.Tests.Api;

/// <summary>KubernetesClient's watch against the test server: what the informer builds on (resume, bookmarks, 410, a dropped stream).</summary>
public sealed class WatchTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private static KubeTestServerOptions NoTimedBookmarks => new() { BookmarkInterval = null };

    [Fact]
    public async Task Watch_FromListVersion_LaterChangesInOrder()
    {
        await using var kube = await ServerAndClient.StartAsync(NoTimedBookmarks);
        await kube.Client.CoreV1.CreateNamespacedConfigMapAsync(Objects.ConfigMap("before"), "default");
        var list = await kube.Client.CoreV1.ListNamespacedConfigMapAsync("default");
        await kube.Client.CoreV1.CreateNamespacedConfigMapAsync(Objects.ConfigMap("a"), "default");
        await kube.Client.CoreV1.PatchNamespacedConfigMapAsync(Objects.Merge("""{"data":{"k":"2"}}"""), "a", "default");
        await kube.Client.CoreV1.DeleteNamespacedConfigMapAsync("a", "default");

        using var cts = new CancellationTokenSource(Patience);
        var events = new List<(WatchEventType Type, V1ConfigMap Object)>();
        await foreach (var e in kube.Client.CoreV1.WatchListNamespacedConfigMapAsync("default", resourceVersion: list.Metadata.ResourceVersion, cancellationToken: cts.Token))
        {
            events.Add(e);
            if (events.Count == 3)
            {
                break;
            }
        }

        Assert.Equal([WatchEventType.Added, WatchEventType.Modified, WatchEventType.Deleted], events.Select(e => e.Type));
        Assert.All(events, e => Assert.Equal("a", e.Object.Metadata.Name));
        Assert.Equal("2", events[1].Object.Data["k"]);
        var versions = events.Select(e => long.Parse(e.Object.Metadata.ResourceVersion)).ToList();
        Assert.Equal(versions.Order(), versions);
        Assert.True(versions[0] > long.Parse(list.Metadata.ResourceVersion));
    }

    [Fact]
    public async Task Watch_NoVersion_StartsWithAddedForExisting()
    {
        await using var kube = await ServerAndClient.StartAsync(NoTimedBookmarks);
        await kube.Client.CoreV1.CreateNamespacedConfigMapAsync(Objects.ConfigMap("x"), "default");

        using var cts = new CancellationTokenSource(Patience);
        await using var events = kube.Client.CoreV1.WatchListNamespacedConfigMapAsync("default", cancellationToken: cts.Token).GetAsyncEnumerator(cts.Token);

        Assert.True(await events.MoveNextAsync());
        Assert.Equal((WatchEventType.Added, "x"), (events.Current.Item1, events.Current.Item2.Metadata.Name));
    }

    [Fact]
    public async Task Watch_Bookmarks_AdvanceVersionPastUnselectedChanges()
    {
        await using var kube = await ServerAndClient.StartAsync(NoTimedBookmarks);
        var list = await kube.Client.CoreV1.ListNamespacedConfigMapAsync("default");
        using var cts = new CancellationTokenSource(Patience);
        await using var events = kube.Client.CoreV1.WatchListNamespacedConfigMapAsync("default", allowWatchBookmarks: true, labelSelector: "app=mine",
            resourceVersion: list.Metadata.ResourceVersion, cancellationToken: cts.Token).GetAsyncEnumerator(cts.Token);
        var first = events.MoveNextAsync().AsTask();
        await WaitUntil(() => kube.Server.OpenWatches == 1);

        // Changes the watch does not select move the version on; only a bookmark tells the client.
        await kube.Client.CoreV1.CreateNamespacedConfigMapAsync(Objects.ConfigMap("not-mine"), "default");
        kube.Server.SendBookmarks();

        Assert.True(await first);
        Assert.Equal(WatchEventType.Bookmark, events.Current.Item1);
        Assert.Equal(kube.Server.CurrentResourceVersion.ToString(), events.Current.Item2.Metadata.ResourceVersion);
        Assert.True(long.Parse(events.Current.Item2.Metadata.ResourceVersion) > long.Parse(list.Metadata.ResourceVersion));
    }

    [Fact]
    public async Task Watch_VersionOlderThanWindow_ErrorEventWith410()
    {
        await using var kube = await ServerAndClient.StartAsync(NoTimedBookmarks);
        await kube.Client.CoreV1.CreateNamespacedConfigMapAsync(Objects.ConfigMap("first"), "default");
        var list = await kube.Client.CoreV1.ListNamespacedConfigMapAsync("default");
        await kube.Client.CoreV1.CreateNamespacedConfigMapAsync(Objects.ConfigMap("a"), "default");
        kube.Server.Compact();

        using var cts = new CancellationTokenSource(Patience);
        var errors = new List<Exception>();
        var objects = new List<V1ConfigMap>();
        await foreach (var (_, cm) in kube.Client.CoreV1.WatchListNamespacedConfigMapAsync("default", resourceVersion: list.Metadata.ResourceVersion,
                           onError: errors.Add, cancellationToken: cts.Token))
        {
            objects.Add(cm);
        }

        // The ERROR event is no object: KubernetesClient hands its Status to onError, and the server ends the stream.
        Assert.Empty(objects);
        var status = Assert.IsType<KubernetesException>(Assert.Single(errors)).Status;
        Assert.Equal((410, "Expired"), (status.Code, status.Reason));
    }

    [Fact]
    public async Task Watch_TimeoutSeconds_EndsCleanlyAfterItsEvents()
    {
        await using var kube = await ServerAndClient.StartAsync(NoTimedBookmarks);
        await kube.Client.CoreV1.CreateNamespacedConfigMapAsync(Objects.ConfigMap("a"), "default");
        using var cts = new CancellationTokenSource(Patience);
        var names = new List<string>();

        await foreach (var (_, cm) in kube.Client.CoreV1.WatchListNamespacedConfigMapAsync("default", timeoutSeconds: 1, cancellationToken: cts.Token))
        {
            names.Add(cm.Metadata.Name);
        }

        Assert.Equal(["a"], names);
        Assert.False(cts.IsCancellationRequested);
    }

    [Fact]
    public async Task Watch_EndsWithoutAnyEvent_KubernetesClientThrowsHttpRequestException()
    {
        // KubernetesClient peeks at the first line of a watch; a stream that ends before one arrives fails that peek.
        // The informer therefore counts an empty watch as a failed one and resumes after a backoff (real servers send
        // bookmarks, so a watch is rarely empty).
        await using var kube = await ServerAndClient.StartAsync(NoTimedBookmarks);
        using var cts = new CancellationTokenSource(Patience);

        var e = await Assert.ThrowsAsync<HttpRequestException>(async () =>
        {
            await foreach (var unused in kube.Client.CoreV1.WatchListNamespacedConfigMapAsync("default", resourceVersion: "1", timeoutSeconds: 1, cancellationToken: cts.Token))
            {
            }
        });

        Assert.IsType<EndOfStreamException>(e.InnerException);
        Assert.False(cts.IsCancellationRequested);
    }

    [Fact]
    public async Task Watch_DroppedConnection_ThrowsInsteadOfEndingCleanly()
    {
        await using var kube = await ServerAndClient.StartAsync(NoTimedBookmarks);
        using var cts = new CancellationTokenSource(Patience);
        await using var events = kube.Client.CoreV1.WatchListNamespacedConfigMapAsync("default", resourceVersion: "1", cancellationToken: cts.Token).GetAsyncEnumerator(cts.Token);
        var next = events.MoveNextAsync().AsTask();
        await WaitUntil(() => kube.Server.OpenWatches == 1);

        Assert.Equal(1, kube.Server.DropWatches());

        var e = await Assert.ThrowsAnyAsync<Exception>(() => next);
        Assert.True(e is IOException or HttpRequestException, e.ToString());
    }

    [Fact]
    public async Task Watch_ObjectLeavesSelector_SeenAsDeleted()
    {
        await using var kube = await ServerAndClient.StartAsync(NoTimedBookmarks);
        await kube.Client.CoreV1.CreateNamespacedConfigMapAsync(Objects.ConfigMap("a", labels: new() { ["app"] = "web" }), "default");
        var version = kube.Server.CurrentResourceVersion.ToString();
        await kube.Client.CoreV1.PatchNamespacedConfigMapAsync(Objects.Merge("""{"metadata":{"labels":{"app":"db"}}}"""), "a", "default");

        using var cts = new CancellationTokenSource(Patience);
        await using var events = kube.Client.CoreV1.WatchListNamespacedConfigMapAsync("default", labelSelector: "app=web", resourceVersion: version,
            cancellationToken: cts.Token).GetAsyncEnumerator(cts.Token);

        Assert.True(await events.MoveNextAsync());
        Assert.Equal((WatchEventType.Deleted, "a"), (events.Current.Item1, events.Current.Item2.Metadata.Name));
    }

    internal static async Task WaitUntil(Func<bool> condition)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (!condition())
        {
            Assert.True(TimeProvider.System.GetElapsedTime(started) < Patience, "condition not reached in time");
            await Task.Delay(10);
        }
    }
}
