using System.Collections.Concurrent;
using KernelTruth.Kube.Client;
using KernelTruth.Kube.Informers;
using KernelTruth.Kube.Model;
using KernelTruth.Kube.Resources;
using KernelTruth.Kube.TestServer;
using KernelTruth.Kube.Tests.Client;
using KernelTruth.Kube.Tests.Fakes;

namespace KernelTruth.Kube.Tests.Informers;

public sealed class InformerTests
{
    private static readonly InformerOptions Fast = new() { InitialBackoff = TimeSpan.FromMilliseconds(20), MaxBackoff = TimeSpan.FromMilliseconds(200) };

    /// <summary>Every callback, in order, as "Added a", "Updated b", "Deleted c".</summary>
    private sealed class Journal
    {
        public ConcurrentQueue<string> Entries { get; } = new();

        public void Attach(Informer<ConfigMap> informer)
        {
            informer.Added += o => Entries.Enqueue($"Added {o.Metadata!.Name}");
            informer.Updated += (_, o) => Entries.Enqueue($"Updated {o.Metadata!.Name}");
            informer.Deleted += o => Entries.Enqueue($"Deleted {o.Metadata!.Name}");
        }
    }

    /// <summary>An informer on default/configmaps, running and synced, with a journal; stopped on dispose.</summary>
    private sealed class Running : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private Task _run = Task.CompletedTask;

        public required Informer<ConfigMap> Informer { get; init; }
        public Journal Journal { get; } = new();

        public static async Task<Running> StartAsync(KubeClient client, InformerOptions options, Action<Informer<ConfigMap>>? subscribe = null)
        {
            var running = new Running { Informer = new Informer<ConfigMap>(client, KubeResources.ConfigMaps, "default", KubeJsonContext.Default.ConfigMap, options) };
            running.Journal.Attach(running.Informer);
            subscribe?.Invoke(running.Informer);
            running._run = running.Informer.RunAsync(running._stop.Token);
            await running.Informer.WaitForSyncAsync().WaitAsync(TimeSpan.FromSeconds(20));
            return running;
        }

        public bool IsRunning => !_run.IsCompleted;

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _run.WaitAsync(TimeSpan.FromSeconds(10));
            _stop.Dispose();
        }
    }

    private static async Task<(ServerAndClient Kube, KubeClient Writer)> StartAsync()
    {
        var kube = await ServerAndClient.StartAsync(new KubeTestServerOptions { BookmarkInterval = null });
        var writer = new KubeClient(kube.Server.ClientConfig(kube.Server.IssueToken("writer")), ServerAndClient.FastRetries);
        return (kube, writer);
    }

    [Fact]
    public async Task RunAsync_ListThenWatch_CachesAndRaisesCallbacks()
    {
        var (kube, writer) = await StartAsync();
        await using var _ = kube;
        using var __ = writer;
        await writer.CreateAsync(KubeResources.ConfigMaps, "default", Objects.ConfigMap("existing"), KubeJsonContext.Default.JsonObject);
        await using var running = await Running.StartAsync(kube.Client, Fast);
        var (informer, journal) = (running.Informer, running.Journal);
        Assert.True(informer.HasSynced);
        await writer.CreateAsync(KubeResources.ConfigMaps, "default", Objects.ConfigMap("new"), KubeJsonContext.Default.JsonObject);
        await writer.PatchAsync(KubeResources.ConfigMaps, "default", "new", KubePatch.Merge(new() { ["data"] = new System.Text.Json.Nodes.JsonObject { ["k"] = "2" } }), KubeJsonContext.Default.JsonObject);
        await writer.DeleteAsync(KubeResources.ConfigMaps, "default", "existing");
        await WatchTests.WaitUntil(() => journal.Entries.Count == 4);

        Assert.Equal(["Added existing", "Added new", "Updated new", "Deleted existing"], journal.Entries);
        Assert.Equal("2", informer.Get("default", "new")!.Data!["k"]);
        Assert.Null(informer.Get("default", "existing"));
        Assert.Equal(["new"], informer.List().Select(c => c.Metadata!.Name));
    }

    [Fact]
    public async Task RunAsync_WatchDroppedRepeatedly_ResumesWithoutLosingOrRepeatingEvents()
    {
        var (kube, writer) = await StartAsync();
        await using var _ = kube;
        using var __ = writer;
        await using var running = await Running.StartAsync(kube.Client, Fast);
        var (informer, journal) = (running.Informer, running.Journal);

        const int Objects = 30;
        var drops = 0;
        for (var i = 0; i < Objects; i++)
        {
            await writer.CreateAsync(KubeResources.ConfigMaps, "default", Fakes.Objects.ConfigMap($"cm-{i:00}"), KubeJsonContext.Default.JsonObject);
            if (i % 5 == 2)
            {
                // Drop a live watch; the next creates happen while it is down and must still arrive.
                await WatchTests.WaitUntil(() => kube.Server.OpenWatches == 1);
                drops += kube.Server.DropWatches();
            }
        }

        await WatchTests.WaitUntil(() => journal.Entries.Count >= Objects && informer.Count == Objects);
        await Task.Delay(200); // a duplicate would arrive as an extra "Updated" now

        Assert.Equal(6, drops); // i = 2, 7, 12, 17, 22, 27
        Assert.Equal(Enumerable.Range(0, Objects).Select(i => $"Added cm-{i:00}"), journal.Entries);
        var mine = kube.Server.Requests.Where(r => r.User == "tester").ToList();
        Assert.Equal(1, mine.Count(r => r.Verb == "list")); // resumed from the version, never re-listed
        Assert.True(mine.Count(r => r.Verb == "watch") >= drops); // requests are recorded when they end: the open one is not yet
    }

    [Fact]
    public async Task RunAsync_VersionCompactedWhileDisconnected_RelistsAndReportsTheDifference()
    {
        var (kube, writer) = await StartAsync();
        await using var _ = kube;
        using var __ = writer;
        foreach (var name in new[] { "a", "b" })
        {
            await writer.CreateAsync(KubeResources.ConfigMaps, "default", Objects.ConfigMap(name), KubeJsonContext.Default.JsonObject);
        }

        await using var running = await Running.StartAsync(kube.Client, Fast);
        var (informer, journal) = (running.Informer, running.Journal);
        await WatchTests.WaitUntil(() => kube.Server.OpenWatches == 1);

        // Keep the informer out (403) while the world changes and the history is compacted away.
        kube.Server.Authorize = r => r.User != "tester";
        kube.Server.DropWatches();
        await writer.DeleteAsync(KubeResources.ConfigMaps, "default", "a");
        await writer.PatchAsync(KubeResources.ConfigMaps, "default", "b", KubePatch.Merge(new() { ["data"] = new System.Text.Json.Nodes.JsonObject { ["k"] = "changed" } }), KubeJsonContext.Default.JsonObject);
        await writer.CreateAsync(KubeResources.ConfigMaps, "default", Objects.ConfigMap("c"), KubeJsonContext.Default.JsonObject);
        kube.Server.Compact();
        kube.Server.Authorize = null;

        await WatchTests.WaitUntil(() => journal.Entries.Count == 5);

        Assert.Equal(["Added a", "Added b", "Deleted a", "Added c", "Updated b"], journal.Entries.Take(2).Concat(journal.Entries.Skip(2).OrderBy(e => e[0] == 'U')));
        Assert.Equal("changed", informer.Get("default", "b")!.Data!["k"]);
        Assert.Equal(2, kube.Server.Requests.Count(r => r.User == "tester" && r.Verb == "list"));
        Assert.Contains(kube.Server.Requests, r => r.User == "tester" && r.Verb == "watch" && r.StatusCode == 200);
    }

    [Fact]
    public async Task RunAsync_Bookmarks_AdvanceLastResourceVersion()
    {
        var (kube, writer) = await StartAsync();
        await using var _ = kube;
        using var __ = writer;
        await using var running = await Running.StartAsync(kube.Client, Fast with { LabelSelector = "app=mine" });
        var informer = running.Informer;
        await WatchTests.WaitUntil(() => kube.Server.OpenWatches == 1);

        await writer.CreateAsync(KubeResources.ConfigMaps, "default", Objects.ConfigMap("other"), KubeJsonContext.Default.JsonObject);
        var expected = kube.Server.CurrentResourceVersion.ToString();
        Assert.NotEqual(expected, informer.LastResourceVersion);
        kube.Server.SendBookmarks();

        await WatchTests.WaitUntil(() => informer.LastResourceVersion == expected);
        Assert.Equal(0, informer.Count);
    }

    [Fact]
    public async Task RunAsync_HandlerThrows_InformerCarriesOn()
    {
        var (kube, writer) = await StartAsync();
        await using var _ = kube;
        using var __ = writer;
        var seen = new ConcurrentQueue<string>();
        await using var running = await Running.StartAsync(kube.Client, Fast, informer => informer.Added += o =>
        {
            seen.Enqueue(o.Metadata!.Name!);
            if (o.Metadata.Name == "bad")
            {
                throw new InvalidOperationException("handler bug");
            }
        });

        await writer.CreateAsync(KubeResources.ConfigMaps, "default", Objects.ConfigMap("bad"), KubeJsonContext.Default.JsonObject);
        await writer.CreateAsync(KubeResources.ConfigMaps, "default", Objects.ConfigMap("good"), KubeJsonContext.Default.JsonObject);

        await WatchTests.WaitUntil(() => seen.Count == 2);
        Assert.Equal(["bad", "good"], seen);
        Assert.True(running.IsRunning);
        Assert.Equal(2, running.Informer.Count);
    }

    [Fact]
    public async Task RunAsync_WatchesEndingAtOnce_BackOffInsteadOfSpinning()
    {
        var (kube, writer) = await StartAsync();
        await using var _ = kube;
        using var __ = writer;

        // timeoutSeconds=0: every watch ends as soon as it starts, with nothing in it.
        await using var running = await Running.StartAsync(kube.Client, Fast with { WatchTimeoutSeconds = 0 });
        await Task.Delay(TimeSpan.FromSeconds(1.5));

        // Backoff 20 ms doubling to a 200 ms cap (each wait in [d/2, d]) allows ~15 watches in 1.5 s; a spinning loop makes hundreds.
        var watches = kube.Server.Requests.Count(r => r.Verb == "watch");
        Assert.InRange(watches, 2, 40);
    }
}
