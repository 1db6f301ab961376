using System.Text.Json.Nodes;
using KernelTruth.Kube.Client;
using KernelTruth.Kube.Model;
using KernelTruth.Kube.Resources;
using KernelTruth.Kube.TestServer;
using KernelTruth.Kube.Tests.Fakes;

namespace KernelTruth.Kube.Tests.Client;

public sealed class WatchTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task WatchAsync_FromListVersion_YieldsLaterChangesInOrder()
    {
        await using var kube = await ServerAndClient.StartAsync(new KubeTestServerOptions { BookmarkInterval = null });
        await kube.Client.CreateAsync(KubeResources.ConfigMaps, "default", Objects.ConfigMap("before"), KubeJsonContext.Default.JsonObject);
        var list = await kube.Client.ListAsync(KubeResources.ConfigMaps, "default", KubeJsonContext.Default.ConfigMap);
        await kube.Client.CreateAsync(KubeResources.ConfigMaps, "default", Objects.ConfigMap("a"), KubeJsonContext.Default.JsonObject);
        await kube.Client.PatchAsync(KubeResources.ConfigMaps, "default", "a", KubePatch.Merge(new JsonObject { ["data"] = new JsonObject { ["k"] = "2" } }), KubeJsonContext.Default.JsonObject);
        await kube.Client.DeleteAsync(KubeResources.ConfigMaps, "default", "a");

        using var cts = new CancellationTokenSource(Patience);
        var events = new List<WatchEvent<ConfigMap>>();
        await foreach (var e in kube.Client.WatchAsync(KubeResources.ConfigMaps, "default", KubeJsonContext.Default.ConfigMap,
                           new WatchOptions { ResourceVersion = list.ResourceVersion }, cts.Token))
        {
            events.Add(e);
            if (events.Count == 3)
            {
                break;
            }
        }

        Assert.Equal([WatchEventType.Added, WatchEventType.Modified, WatchEventType.Deleted], events.Select(e => e.Type));
        Assert.All(events, e => Assert.Equal("a", e.Name));
        Assert.Equal("2", events[1].Object!.Data!["k"]);
        var versions = events.Select(e => long.Parse(e.ResourceVersion!)).ToList();
        Assert.Equal(versions.Order(), versions);
        Assert.True(versions[0] > long.Parse(list.ResourceVersion!));
    }

    [Fact]
    public async Task WatchAsync_NoVersion_StartsWithAddedForExisting()
    {
        await using var kube = await ServerAndClient.StartAsync(new KubeTestServerOptions { BookmarkInterval = null });
        await kube.Client.CreateAsync(KubeResources.ConfigMaps, "default", Objects.ConfigMap("x"), KubeJsonContext.Default.JsonObject);

        using var cts = new CancellationTokenSource(Patience);
        await using var events = kube.Client.WatchAsync(KubeResources.ConfigMaps, "default", KubeJsonContext.Default.ConfigMap, null, cts.Token).GetAsyncEnumerator(cts.Token);

        Assert.True(await events.MoveNextAsync());
        Assert.Equal(WatchEventType.Added, events.Current.Type);
        Assert.Equal("x", events.Current.Object!.Metadata!.Name);
    }

    [Fact]
    public async Task WatchAsync_Bookmarks_AdvanceVersionPastUnselectedChanges()
    {
        await using var kube = await ServerAndClient.StartAsync(new KubeTestServerOptions { BookmarkInterval = null });
        var list = await kube.Client.ListAsync(KubeResources.ConfigMaps, "default", KubeJsonContext.Default.ConfigMap);
        using var cts = new CancellationTokenSource(Patience);
        await using var events = kube.Client.WatchAsync(KubeResources.ConfigMaps, "default", KubeJsonContext.Default.ConfigMap,
            new WatchOptions { ResourceVersion = list.ResourceVersion, LabelSelector = "app=mine", AllowWatchBookmarks = true }, cts.Token).GetAsyncEnumerator(cts.Token);
        var first = events.MoveNextAsync().AsTask();
        await WaitUntil(() => kube.Server.OpenWatches == 1);

        // Changes the watch does not select move the version on; only a bookmark tells the client.
        await kube.Client.CreateAsync(KubeResources.ConfigMaps, "default", Objects.ConfigMap("not-mine"), KubeJsonContext.Default.JsonObject);
        kube.Server.SendBookmarks();

        Assert.True(await first);
        Assert.Equal(WatchEventType.Bookmark, events.Current.Type);
        Assert.Equal(kube.Server.CurrentResourceVersion.ToString(), events.Current.ResourceVersion);
        Assert.True(long.Parse(events.Current.ResourceVersion!) > long.Parse(list.ResourceVersion!));
    }

    [Fact]
    public async Task WatchAsync_BookmarksNotAsked_NoneSent()
    {
        await using var kube = await ServerAndClient.StartAsync(new KubeTestServerOptions { BookmarkInterval = null });
        using var cts = new CancellationTokenSource(Patience);
        await using var events = kube.Client.WatchAsync(KubeResources.ConfigMaps, "default", KubeJsonContext.Default.ConfigMap,
            new WatchOptions { ResourceVersion = "1", AllowWatchBookmarks = false }, cts.Token).GetAsyncEnumerator(cts.Token);
        var first = events.MoveNextAsync().AsTask();
        await WaitUntil(() => kube.Server.OpenWatches == 1);

        kube.Server.SendBookmarks();
        await kube.Client.CreateAsync(KubeResources.ConfigMaps, "default", Objects.ConfigMap("a"), KubeJsonContext.Default.JsonObject);

        Assert.True(await first);
        Assert.Equal(WatchEventType.Added, events.Current.Type);
    }

    [Fact]
    public async Task WatchAsync_VersionOlderThanWindow_YieldsError410()
    {
        await using var kube = await ServerAndClient.StartAsync(new KubeTestServerOptions { BookmarkInterval = null });
        await kube.Client.CreateAsync(KubeResources.ConfigMaps, "default", Objects.ConfigMap("first"), KubeJsonContext.Default.JsonObject);
        var list = await kube.Client.ListAsync(KubeResources.ConfigMaps, "default", KubeJsonContext.Default.ConfigMap);
        await kube.Client.CreateAsync(KubeResources.ConfigMaps, "default", Objects.ConfigMap("a"), KubeJsonContext.Default.JsonObject);
        kube.Server.Compact();

        using var cts = new CancellationTokenSource(Patience);
        await using var events = kube.Client.WatchAsync(KubeResources.ConfigMaps, "default", KubeJsonContext.Default.ConfigMap,
            new WatchOptions { ResourceVersion = list.ResourceVersion }, cts.Token).GetAsyncEnumerator(cts.Token);

        Assert.True(await events.MoveNextAsync());
        Assert.Equal(WatchEventType.Error, events.Current.Type);
        Assert.Equal(410, events.Current.Error!.Code);
        Assert.Equal("Expired", events.Current.Error.Reason);
    }

    [Fact]
    public async Task WatchAsync_TimeoutSeconds_EndsCleanly()
    {
        await using var kube = await ServerAndClient.StartAsync(new KubeTestServerOptions { BookmarkInterval = null });
        using var cts = new CancellationTokenSource(Patience);
        var count = 0;

        await foreach (var unused in kube.Client.WatchAsync(KubeResources.ConfigMaps, "default", KubeJsonContext.Default.ConfigMap,
                           new WatchOptions { ResourceVersion = "1", TimeoutSeconds = 1 }, cts.Token))
        {
            count++;
        }

        Assert.Equal(0, count);
        Assert.False(cts.IsCancellationRequested);
    }

    [Fact]
    public async Task WatchAsync_DroppedConnection_ThrowsInsteadOfEndingCleanly()
    {
        await using var kube = await ServerAndClient.StartAsync(new KubeTestServerOptions { BookmarkInterval = null });
        using var cts = new CancellationTokenSource(Patience);
        await using var events = kube.Client.WatchAsync(KubeResources.ConfigMaps, "default", KubeJsonContext.Default.ConfigMap,
            new WatchOptions { ResourceVersion = "1" }, cts.Token).GetAsyncEnumerator(cts.Token);
        var next = events.MoveNextAsync().AsTask();
        await WaitUntil(() => kube.Server.OpenWatches == 1);

        Assert.Equal(1, kube.Server.DropWatches());

        var e = await Assert.ThrowsAnyAsync<Exception>(() => next);
        Assert.True(e is IOException or HttpRequestException, e.ToString());
    }

    internal static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = TimeProvider.System.GetTimestamp();
        while (!condition())
        {
            Assert.True(TimeProvider.System.GetElapsedTime(deadline) < Patience, "condition not reached in time");
            await Task.Delay(10);
        }
    }
}
