using System.Collections.Concurrent;
using k8s;
using k8s.Models;
using KernelTruth.Kube.TestServer;
using KernelTruth.Kubernetes.Informers;
using KernelTruth.Kubernetes.Tests.Api;
using KernelTruth.Kubernetes.Tests.Fakes;

namespace KernelTruth.Kubernetes.Tests.Informers;

public sealed class InformerTests
{
    private static readonly InformerOptions Fast = new() { InitialBackoff = TimeSpan.FromMilliseconds(20), MaxBackoff = TimeSpan.FromMilliseconds(200) };

    /// <summary>default/configmaps through KubernetesClient's typed list and watch, optionally label-selected.</summary>
    private static ListWatch<V1ConfigMap> ConfigMaps(IKubernetes client, string? labels = null) => new(
        async (next, limit, ct) =>
        {
            var list = await client.CoreV1.ListNamespacedConfigMapAsync("default", continueParameter: next, labelSelector: labels, limit: limit, cancellationToken: ct);
            return new ListPage<V1ConfigMap>([.. list.Items], list.Metadata.ResourceVersion, list.Metadata.ContinueProperty);
        },
        (w, ct) => client.CoreV1.WatchListNamespacedConfigMapAsync("default", allowWatchBookmarks: true, labelSelector: labels, resourceVersion: w.ResourceVersion,
            timeoutSeconds: w.TimeoutSeconds, onError: w.OnError, cancellationToken: ct),
        "configmaps");

    /// <summary>Every callback, in order, as "Added a", "Updated b", "Deleted c".</summary>
    private sealed class Journal
    {
        public ConcurrentQueue<string> Entries { get; } = new();

        public void Attach(Informer<V1ConfigMap> informer)
        {
            informer.Added += o => Entries.Enqueue($"Added {o.Metadata.Name}");
            informer.Updated += (_, o) => Entries.Enqueue($"Updated {o.Metadata.Name}");
            informer.Deleted += o => Entries.Enqueue($"Deleted {o.Metadata.Name}");
        }
    }

    /// <summary>An informer on default/configmaps, running and synced, with a journal; stopped on dispose.</summary>
    private sealed class Running : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private Task _run = Task.CompletedTask;

        public required Informer<V1ConfigMap> Informer { get; init; }
        public Journal Journal { get; } = new();

        public static async Task<Running> StartAsync(ListWatch<V1ConfigMap> source, InformerOptions options, Action<Informer<V1ConfigMap>>? subscribe = null)
        {
            var running = new Running { Informer = new Informer<V1ConfigMap>(source, options) };
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

    private static async Task<(ServerAndClient Kube, IKubernetes Writer)> StartAsync()
    {
        var kube = await ServerAndClient.StartAsync(new KubeTestServerOptions { BookmarkInterval = null });
        return (kube, kube.Server.Client(kube.Server.IssueToken("writer")));
    }

    /// <summary>default/configmaps "a" and "b" made, then an informer on them running and synced.</summary>
    private static async Task<Running> WithAAndBAsync(ServerAndClient kube, IKubernetes writer)
    {
        foreach (var name in new[] { "a", "b" })
        {
            await writer.CoreV1.CreateNamespacedConfigMapAsync(Objects.ConfigMap(name), "default");
        }

        return await Running.StartAsync(ConfigMaps(kube.Client), Fast);
    }

    /// <summary>Keeps the informer out (403) while <paramref name="change"/> changes the world and the history is compacted away: it must re-list.</summary>
    private static async Task KeptOutWhileAsync(ServerAndClient kube, Func<Task> change)
    {
        await WatchTests.WaitUntil(() => kube.Server.OpenWatches == 1);
        kube.Server.Authorize = r => r.User != "tester";
        kube.Server.DropWatches();
        await change();
        kube.Server.Compact();
        kube.Server.Authorize = null;
    }

    [Fact]
    public async Task RunAsync_ListThenWatch_CachesAndRaisesCallbacks()
    {
        var (kube, writer) = await StartAsync();
        await using var _ = kube;
        using var __ = writer;
        await writer.CoreV1.CreateNamespacedConfigMapAsync(Objects.ConfigMap("existing"), "default");
        await using var running = await Running.StartAsync(ConfigMaps(kube.Client), Fast);
        var (informer, journal) = (running.Informer, running.Journal);
        Assert.True(informer.HasSynced);
        await writer.CoreV1.CreateNamespacedConfigMapAsync(Objects.ConfigMap("new"), "default");
        await writer.CoreV1.PatchNamespacedConfigMapAsync(Objects.Merge("""{"data":{"k":"2"}}"""), "new", "default");
        await writer.CoreV1.DeleteNamespacedConfigMapAsync("existing", "default");
        await WatchTests.WaitUntil(() => journal.Entries.Count == 4);

        Assert.Equal(["Added existing", "Added new", "Updated new", "Deleted existing"], journal.Entries);
        Assert.Equal("2", informer.Get("default", "new")!.Data["k"]);
        Assert.Null(informer.Get("default", "existing"));
        Assert.Equal(["new"], informer.List().Select(c => c.Metadata.Name));
    }

    [Fact]
    public async Task RunAsync_ListInPages_EveryObjectOnce()
    {
        var (kube, writer) = await StartAsync();
        await using var _ = kube;
        using var __ = writer;
        for (int i = 0; i < 7; i++)
        {
            await writer.CoreV1.CreateNamespacedConfigMapAsync(Objects.ConfigMap($"cm-{i}"), "default");
        }

        await using var running = await Running.StartAsync(ConfigMaps(kube.Client), Fast with { ListPageSize = 3 });

        // 7 objects, 3 a page ⇒ 3 list calls.
        Assert.Equal(Enumerable.Range(0, 7).Select(i => $"Added cm-{i}"), running.Journal.Entries);
        Assert.Equal(3, kube.Server.Requests.Count(r => r.User == "tester" && r.Verb == "list"));
    }

    [Fact]
    public async Task RunAsync_WatchDroppedRepeatedly_ResumesWithoutLosingOrRepeatingEvents()
    {
        var (kube, writer) = await StartAsync();
        await using var _ = kube;
        using var __ = writer;
        await using var running = await Running.StartAsync(ConfigMaps(kube.Client), Fast);
        var (informer, journal) = (running.Informer, running.Journal);

        const int Count = 30;
        var drops = 0;
        for (var i = 0; i < Count; i++)
        {
            await writer.CoreV1.CreateNamespacedConfigMapAsync(Objects.ConfigMap($"cm-{i:00}"), "default");
            if (i % 5 == 2)
            {
                // Drop a live watch; the next creates happen while it is down and must still arrive.
                await WatchTests.WaitUntil(() => kube.Server.OpenWatches == 1);
                drops += kube.Server.DropWatches();
            }
        }

        await WatchTests.WaitUntil(() => journal.Entries.Count >= Count && informer.Count == Count);
        await Task.Delay(200); // a duplicate would arrive as an extra "Updated" now

        Assert.Equal(6, drops); // i = 2, 7, 12, 17, 22, 27
        Assert.Equal(Enumerable.Range(0, Count).Select(i => $"Added cm-{i:00}"), journal.Entries);
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
        await using var running = await WithAAndBAsync(kube, writer);
        var (informer, journal) = (running.Informer, running.Journal);
        await KeptOutWhileAsync(kube, async () =>
        {
            await writer.CoreV1.DeleteNamespacedConfigMapAsync("a", "default");
            await writer.CoreV1.PatchNamespacedConfigMapAsync(Objects.Merge("""{"data":{"k":"changed"}}"""), "b", "default");
            await writer.CoreV1.CreateNamespacedConfigMapAsync(Objects.ConfigMap("c"), "default");
        });

        await WatchTests.WaitUntil(() => journal.Entries.Count == 5);

        Assert.Equal(["Added a", "Added b", "Deleted a", "Added c", "Updated b"], journal.Entries.Take(2).Concat(journal.Entries.Skip(2).OrderBy(e => e[0] == 'U')));
        Assert.Equal("changed", informer.Get("default", "b")!.Data["k"]);
        Assert.Equal(2, kube.Server.Requests.Count(r => r.User == "tester" && r.Verb == "list"));
        Assert.Contains(kube.Server.Requests, r => r.User == "tester" && r.Verb == "watch" && r.StatusCode == 200);
    }

    /// <summary>
    /// What the cluster writers' cached-status digests stand on (they keep a digest per cached object instance): the
    /// cache hands out the same instance while its object is unchanged, across a re-list too, and a new instance on
    /// every change, from a watch event or a re-list.
    /// </summary>
    [Fact]
    public async Task Get_UnchangedAcrossARelistAndChangedByWatchOrRelist_SameInstanceOnlyWhileUnchanged()
    {
        var (kube, writer) = await StartAsync();
        await using var _ = kube;
        using var __ = writer;
        await using var running = await WithAAndBAsync(kube, writer);
        var (informer, journal) = (running.Informer, running.Journal);
        var a = informer.Get("default", "a");
        var listed = informer.Get("default", "b");
        await writer.CoreV1.PatchNamespacedConfigMapAsync(Objects.Merge("""{"data":{"k":"watched"}}"""), "b", "default");
        await WatchTests.WaitUntil(() => journal.Entries.Count == 3);
        var watched = informer.Get("default", "b");

        // A re-list that finds b changed again and a not.
        await KeptOutWhileAsync(kube, () => writer.CoreV1.PatchNamespacedConfigMapAsync(Objects.Merge("""{"data":{"k":"relisted"}}"""), "b", "default"));
        await WatchTests.WaitUntil(() => journal.Entries.Count == 4);

        Assert.Equal(2, kube.Server.Requests.Count(r => r.User == "tester" && r.Verb == "list"));
        Assert.Same(a, informer.Get("default", "a"));
        Assert.Same(a, informer.Get("default", "a")); // asked again: no copy per call
        Assert.NotSame(listed, watched);
        Assert.NotSame(watched, informer.Get("default", "b"));
        Assert.Equal("relisted", informer.Get("default", "b")!.Data["k"]);
    }

    [Fact]
    public async Task RunAsync_Bookmarks_AdvanceLastResourceVersion()
    {
        var (kube, writer) = await StartAsync();
        await using var _ = kube;
        using var __ = writer;
        await using var running = await Running.StartAsync(ConfigMaps(kube.Client, labels: "app=mine"), Fast);
        var informer = running.Informer;
        await WatchTests.WaitUntil(() => kube.Server.OpenWatches == 1);

        await writer.CoreV1.CreateNamespacedConfigMapAsync(Objects.ConfigMap("other"), "default");
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
        await using var running = await Running.StartAsync(ConfigMaps(kube.Client), Fast, informer => informer.Added += o =>
        {
            seen.Enqueue(o.Metadata.Name);
            if (o.Metadata.Name == "bad")
            {
                throw new InvalidOperationException("handler bug");
            }
        });

        await writer.CoreV1.CreateNamespacedConfigMapAsync(Objects.ConfigMap("bad"), "default");
        await writer.CoreV1.CreateNamespacedConfigMapAsync(Objects.ConfigMap("good"), "default");

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
        await using var running = await Running.StartAsync(ConfigMaps(kube.Client), Fast with { WatchTimeoutSeconds = 0 });
        await Task.Delay(TimeSpan.FromSeconds(1.5));

        // Backoff from 20 ms growing to a 200 ms cap allows ~10–20 watches in 1.5 s; a spinning loop makes hundreds.
        var watches = kube.Server.Requests.Count(r => r.Verb == "watch");
        Assert.InRange(watches, 2, 40);
    }

    [Fact]
    public async Task RunAsync_ServerFailsForAWhile_ListRetriedUntilSynced()
    {
        var (kube, writer) = await StartAsync();
        await using var _ = kube;
        using var __ = writer;
        await writer.CoreV1.CreateNamespacedConfigMapAsync(Objects.ConfigMap("a"), "default");
        kube.Server.FailAllFor(TimeSpan.FromSeconds(1));

        await using var running = await Running.StartAsync(ConfigMaps(kube.Client), Fast);

        Assert.Equal(["Added a"], running.Journal.Entries);
        Assert.Contains(kube.Server.Requests, r => r.User == "tester" && r.Verb == "list" && r.Faulted);
    }
}
