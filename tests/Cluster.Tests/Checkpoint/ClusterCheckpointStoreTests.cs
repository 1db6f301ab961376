using System.Text.Json;
using System.Text.Json.Nodes;
using KernelTruth.Cluster.Checkpoint;
using KernelTruth.Cluster.Tests.Controllers;
using KernelTruth.Cluster.Tests.Schema;
using KernelTruth.Cluster.Vpa;
using KernelTruth.Kube.TestServer;
using KernelTruth.Recommender.Checkpoint;
using KernelTruth.Recommender.Logic;
using Xunit.Abstractions;
using static KernelTruth.Cluster.Tests.Checkpoint.CheckpointCluster;

namespace KernelTruth.Cluster.Tests.Checkpoint;

/// <summary>The WorkloadCheckpoint store against the in-process API server, its client the real KubernetesClient.</summary>
public sealed class ClusterCheckpointStoreTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly DateTimeOffset SavedAt = new(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);
    private CheckpointCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await StartAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task SaveThenLoad_AnotherReplica_EveryModelBackRecommendingTheSame()
    {
        var engine = Engine(readings: 40);
        await _cluster.Store("leader").SaveAsync(engine.ToCheckpoint(SavedAt), CancellationToken.None);

        var loaded = await _cluster.Store("standby", new FixedLeadership(false)).LoadAsync(CancellationToken.None);
        var restored = Empty();
        restored.Restore(loaded!);

        Assert.Equal([Web, Db], restored.Workloads);
        Assert.Equal(SavedAt, loaded!.SavedAt);
        foreach (string workload in new[] { Web, Db })
        {
            Assert.Equal(39, restored.IntervalsOf(workload)); // 40 readings: the first is the baseline
            Assert.Equal(Show(engine, workload), Show(restored, workload));
        }

        // When data last arrived travels too, or every restart would make an idle model look fresh.
        Assert.Equal(engine.LastData().OrderBy(l => l.Workload), restored.LastData().OrderBy(l => l.Workload));

        // What is stored is valid under the CRD's schema, and small: the number docs/operating.md quotes.
        foreach (var stored in _cluster.Objects())
        {
            var errors = Schemas.WorkloadCheckpoint.Validate(stored);
            Assert.True(errors.Count == 0, string.Join("\n", errors));
            int bytes = System.Text.Encoding.UTF8.GetByteCount(stored.ToJsonString());
            output.WriteLine($"{stored["metadata"]!["name"]}: {bytes} bytes as stored, model {System.Text.Encoding.UTF8.GetByteCount(stored["spec"]!["model"]!.ToJsonString())} bytes");
            Assert.InRange(bytes, 1, ClusterCheckpointOptions.DefaultMaxModelBytes / 4);
        }
    }

    [Fact]
    public async Task SaveThenLoad_DemandHistory_BackByteForByte_AnObjectWithoutOneLoadsToo()
    {
        var history = new KernelTruth.Simulations.Forecast.DemandHistory();
        for (int m = 0; m < 200; m++)
        {
            history.Add(29_459_520 + m, 1 + (m % 5));
        }

        var checkpoint = Engine(readings: 40).ToCheckpoint(SavedAt);
        var (withHistory, without) = (checkpoint.Workloads[0].Workload, checkpoint.Workloads[1].Workload);
        checkpoint = checkpoint with { Workloads = [checkpoint.Workloads[0] with { DemandHistory = history.ToBytes() }, checkpoint.Workloads[1] with { DemandHistory = null }] };
        await _cluster.Store("leader").SaveAsync(checkpoint, CancellationToken.None);

        var loaded = await _cluster.Store("standby", new FixedLeadership(false)).LoadAsync(CancellationToken.None);
        var restored = Empty();
        restored.Restore(loaded!);

        Assert.Equal(history.ToBytes(), restored.Forecasts.Save(withHistory));
        Assert.Null(restored.Forecasts.Save(without)); // like an object written before histories were kept
        Assert.Equal(2, restored.Workloads.Count);
        foreach (var stored in _cluster.Objects())
        {
            var errors = Schemas.WorkloadCheckpoint.Validate(stored);
            Assert.True(errors.Count == 0, string.Join("\n", errors));
        }
    }

    [Fact]
    public async Task Load_ObjectWithAVersion1DemandHistory_LoadsAndTheEngineSavesVersion2()
    {
        // spec.demandHistory as objects written before format 2 hold it: 971 bytes of floats (1 296 base64 characters).
        const long LastMinute = 29_459_520 + (7 * 1440);
        byte[] version1 = KernelTruth.Recommender.Tests.Forecast.Version1DemandHistory.FlatWeek(LastMinute, 2.5f);
        var checkpoint = Engine(readings: 10).ToCheckpoint(SavedAt);
        checkpoint = checkpoint with { Workloads = [.. checkpoint.Workloads.Select(w => w with { DemandHistory = w.Workload == Web ? version1 : null })] };
        await _cluster.Store("leader").SaveAsync(checkpoint, CancellationToken.None);
        Assert.Equal(Convert.ToBase64String(version1), _cluster.Object(CheckpointNaming.Name(Web))!["spec"]!["demandHistory"]!.GetValue<string>());

        var loaded = await _cluster.Store("standby", new FixedLeadership(false)).LoadAsync(CancellationToken.None);
        var restored = Empty();
        restored.Restore(loaded!);

        byte[] saved = restored.Forecasts.Save(Web)!;
        var history = KernelTruth.Simulations.Forecast.DemandHistory.FromBytes(saved);
        Assert.Equal((579, 2), (saved.Length, (int)saved[0]));
        Assert.Equal((LastMinute, true), (history.LastMinute, history.WeekCovered));
        Assert.Equal(2.5, history.Seasonal(LastMinute + 300)); // 2.5 is a half exactly
        Assert.Equal(2, restored.Workloads.Count);
    }

    [Fact]
    public async Task SaveThenLoad_WebStarted_ItsStartsBackOnAnotherReplicaValidUnderCrd()
    {
        // One finished start of web (ready 2 s, 1.5 core-s by ready): back after a restart, db still without starts.
        const ulong Ms = 1_000_000;
        var start = new KernelTruth.Contracts.Snapshot.StartupSnapshot { CreatedNs = 5 * Ms, FirstExecNs = 6 * Ms, WindowNs = 60_000 * Ms, CpuNs = 2500 * Ms, ThrottledNs = 900 * Ms, ReadyAfterNs = 2000 * Ms, ReadyCpuNs = 1500 * Ms, ReadyThrottledNs = 700 * Ms, Complete = true };
        var engine = Engine(readings: 10, webStart: start);
        await _cluster.Store("leader").SaveAsync(engine.ToCheckpoint(SavedAt), CancellationToken.None);

        var restored = Empty();
        restored.Restore((await _cluster.Store("standby", new FixedLeadership(false)).LoadAsync(CancellationToken.None))!);

        Assert.Equal(engine.Startup(Web), restored.Startup(Web));
        Assert.Equal(1.5, restored.Startup(Web)!.WarmupCpuCoreSeconds!.P50, 6);
        Assert.Null(restored.Startup(Db));
        var stored = _cluster.Object(CheckpointNaming.Name(Web))!;
        Assert.Equal(1, stored["spec"]!["startups"]!["version"]!.GetValue<int>());
        Assert.Null(_cluster.Object(CheckpointNaming.Name(Db))!["spec"]!["startups"]);
        var errors = Schemas.WorkloadCheckpoint.Validate(stored);
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task SaveThenLoad_BootstrappedWorkload_StillMarkedOnAnotherReplicaValidUnderCrd()
    {
        // Cold was started from Prometheus and the sensor has not measured it yet; web and db were measured only.
        var engine = Engine(readings: 5);
        const string Cold = "shop/Deployment/cold/app";
        var steps = Enumerable.Range(1, 6).Select(k => new KernelTruth.Models.Input.WorkloadInterval { Time = SavedAt.AddMinutes(-5 * (7 - k)), Duration = TimeSpan.FromMinutes(5), UsageCores = 0.2, Periods = 3000 });
        Assert.Equal(6, engine.Bootstrap(Cold, steps, "prometheus"));
        await _cluster.Store("leader").SaveAsync(engine.ToCheckpoint(SavedAt), CancellationToken.None);

        var restored = Empty();
        restored.Restore((await _cluster.Store("standby", new FixedLeadership(false)).LoadAsync(CancellationToken.None))!);

        Assert.Equal([Cold], restored.OnBorrowedHistory());
        Assert.Equal("prometheus", restored.Recommend(Cold, new VpaOptions().Policy, SavedAt.AddHours(1))!.Evidence.HistorySource);
        Assert.Equal(Show(engine, Cold), Show(restored, Cold));
        var stored = _cluster.Object(CheckpointNaming.Name(Cold))!;
        Assert.Equal("prometheus", stored["spec"]!["borrowedHistory"]!["source"]!.GetValue<string>());
        Assert.Null(stored["spec"]!["borrowedHistory"]!["firstMeasured"]);
        Assert.Null(_cluster.Object(CheckpointNaming.Name(Web))!["spec"]!["borrowedHistory"]);
        var errors = Schemas.WorkloadCheckpoint.Validate(stored);
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Theory]
    [InlineData("\"\"", null, "no usable source")]
    [InlineData("\"prometheus\"", "\"yesterday\"", "is not a time")]
    public async Task Load_DamagedBorrowedHistory_ThatObjectUnreadableOthersRestored(string source, string? firstMeasured, string reason)
    {
        await _cluster.Store("leader").SaveAsync(Engine(5).ToCheckpoint(SavedAt), CancellationToken.None);
        var model = _cluster.Object(CheckpointNaming.Name(Web))!["spec"]!["model"]!.DeepClone();
        var borrowed = new JsonObject { ["source"] = JsonNode.Parse(source) };
        if (firstMeasured is not null)
        {
            borrowed["firstMeasured"] = JsonNode.Parse(firstMeasured);
        }

        _cluster.Server.Seed(KubeResources.WorkloadCheckpoints, new JsonObject
        {
            ["apiVersion"] = "ktruth.io/v1alpha1",
            ["kind"] = "WorkloadCheckpoint",
            ["metadata"] = Meta("borrowed-bad"),
            ["spec"] = new JsonObject { ["workload"] = "shop/Deployment/bad/app", ["savedAt"] = "2026-12-07T09:00:00Z", ["model"] = model, ["borrowedHistory"] = borrowed },
        });

        var store = _cluster.Store("replica");
        var loaded = await store.LoadAsync(CancellationToken.None);

        Assert.Equal([Web, Db], loaded!.Workloads.Select(w => w.Workload));
        Assert.Equal(1, store.Counts.Unreadable);
        Assert.Contains(_cluster.Log.Lines, l => l.StartsWith("WorkloadCheckpoint borrowed-bad ", StringComparison.Ordinal) && l.Contains(reason, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Load_DamagedStartups_ThatObjectUnreadableOthersRestored()
    {
        // A start history from a future build (version 2) is not guessed at: that workload starts fresh, as for a model.
        await _cluster.Store("leader").SaveAsync(Engine(5).ToCheckpoint(SavedAt), CancellationToken.None);
        var model = _cluster.Object(CheckpointNaming.Name(Web))!["spec"]!["model"]!.DeepClone();
        _cluster.Server.Seed(KubeResources.WorkloadCheckpoints, new JsonObject
        {
            ["apiVersion"] = "ktruth.io/v1alpha1",
            ["kind"] = "WorkloadCheckpoint",
            ["metadata"] = Meta("starts-v2"),
            ["spec"] = new JsonObject { ["workload"] = "shop/Deployment/starts/app", ["savedAt"] = "2026-12-07T09:00:00Z", ["model"] = model, ["startups"] = new JsonObject { ["version"] = 2 } },
        });

        var store = _cluster.Store("replica");
        var loaded = await store.LoadAsync(CancellationToken.None);

        Assert.Equal([Web, Db], loaded!.Workloads.Select(w => w.Workload));
        Assert.Equal(1, store.Counts.Unreadable);
        Assert.Contains(_cluster.Log.Lines, l => l.StartsWith("WorkloadCheckpoint starts-v2 ", StringComparison.Ordinal) && l.Contains("start history version 2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Save_NotLeader_WritesNothing()
    {
        await _cluster.Store("standby", new FixedLeadership(false)).SaveAsync(Engine(5).ToCheckpoint(SavedAt), CancellationToken.None);

        Assert.Empty(await _cluster.NamesAsync());
        Assert.DoesNotContain(_cluster.Server.Requests, r => r.Resource == "workloadcheckpoints" && r.Verb != "list");
    }

    [Fact]
    public async Task Save_LeaseLostMidSave_StopsBeforeTheNextWrite()
    {
        // The leadership check answers true for the first question (the save's start) and the first write, then false.
        var leadership = new CountingLeadership(trueFor: 2);
        var store = new ClusterCheckpointStore(_cluster.Client("leader"), leadership, new ClusterCheckpointOptions { Namespace = Ns }, new(), () => null, _cluster.Log.CreateLogger("x"));

        await store.SaveAsync(Engine(5).ToCheckpoint(SavedAt), CancellationToken.None);

        Assert.Equal([CheckpointNaming.Name(Web)], await _cluster.NamesAsync()); // in key order: web first, then the Lease was gone
        Assert.Contains(_cluster.Log.Lines, l => l == $"Lease lost while saving checkpoints, at workload {Db}: the rest is left to the new leader");
    }

    [Fact]
    public async Task Save_AnotherWriterBetweenListAndWrite_409ReReadAndWrittenOnce()
    {
        var first = _cluster.Store("old-leader");
        await first.SaveAsync(Engine(5).ToCheckpoint(SavedAt), CancellationToken.None);

        // While the new leader's save is under way (its first write arrives), the old one writes again: the new
        // leader's resourceVersions, from its list, are then stale, and its writes get 409 Conflict.
        int interfered = 0;
        _cluster.Server.Authorize = r =>
        {
            if (r.User == "new-leader" && r.Verb == "update" && Interlocked.Exchange(ref interfered, 1) == 0)
            {
                first.SaveAsync(Engine(6).ToCheckpoint(SavedAt.AddMinutes(1)), CancellationToken.None).GetAwaiter().GetResult();
            }

            return true;
        };
        var second = _cluster.Store("new-leader");
        await second.SaveAsync(Engine(9).ToCheckpoint(SavedAt.AddMinutes(2)), CancellationToken.None);

        // Both objects were rewritten under the new leader's feet once: each write conflicted, was re-read, then landed.
        Assert.Equal(2, second.Counts.Conflicts);
        Assert.Equal(2, second.Counts.Written);
        Assert.Equal(2, _cluster.Server.Requests.Count(r => r.User == "new-leader" && r.Verb == "update" && r.StatusCode == 409));
        var loaded = await _cluster.Store("reader").LoadAsync(CancellationToken.None);
        Assert.All(loaded!.Workloads, w => Assert.Equal(8, w.Model.Intervals)); // the new leader's 9 readings, not the old one's 6
    }

    [Fact]
    public async Task Load_CorruptAndForeignObjects_EachLoggedOnceCountedTheRestRestored()
    {
        await _cluster.Store("leader").SaveAsync(Engine(5).ToCheckpoint(SavedAt), CancellationToken.None);
        var good = _cluster.Object(CheckpointNaming.Name(Web))!;
        Seed("garbage", "shop/Deployment/garbage/app", JsonNode.Parse("""{"version":3,"demandExact":"not a histogram"}""")!);
        var future = good["spec"]!["model"]!.DeepClone();
        future["version"] = 99;
        Seed("future", "shop/Deployment/future/app", future);
        var noSpec = new JsonObject { ["apiVersion"] = "ktruth.io/v1alpha1", ["kind"] = "WorkloadCheckpoint", ["metadata"] = Meta("nospec") };
        _cluster.Server.Seed(KubeResources.WorkloadCheckpoints, noSpec);

        var store = _cluster.Store("replica");
        var loaded = await store.LoadAsync(CancellationToken.None);
        await store.LoadAsync(CancellationToken.None); // the same objects again: not logged again

        Assert.Equal([Web, Db], loaded!.Workloads.Select(w => w.Workload));
        Empty().Restore(loaded); // the engine takes the rest whole
        Assert.Equal(6, store.Counts.Unreadable); // 3 objects × 2 loads
        foreach (var (name, workload) in new[] { ("garbage", "shop/Deployment/garbage/app"), ("future", "shop/Deployment/future/app"), ("nospec", "(unknown)") })
        {
            Assert.Single(_cluster.Log.Lines, l => l.StartsWith($"WorkloadCheckpoint {name} (workload {workload}) cannot be used, that workload starts fresh: ", StringComparison.Ordinal));
        }

        Assert.Contains(_cluster.Log.Lines, l => l.StartsWith("WorkloadCheckpoint future ", StringComparison.Ordinal) && l.Contains("version 99", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Save_WorkloadGone_ItsObjectDeletedOthersKept_UnknownCollectsNothing()
    {
        await _cluster.Store("leader").SaveAsync(Engine(5).ToCheckpoint(SavedAt), CancellationToken.None);
        Seed("stray", "other/Deployment/deleted/app", _cluster.Object(CheckpointNaming.Name(Web))!["spec"]!["model"]!.DeepClone());

        // While the caches do not know which workloads exist (null), nothing is collected.
        await _cluster.Store("leader").SaveAsync(Engine(5).ToCheckpoint(SavedAt), CancellationToken.None);
        Assert.Equal(3, (await _cluster.NamesAsync()).Count);

        // The caches know web only: the stray Deployment (no ReplicaSet, no pod) is gone and its object goes.
        var store = _cluster.Store("leader", live: new HashSet<string>(StringComparer.Ordinal) { "shop/Deployment/web" });
        await store.SaveAsync(Engine(6).ToCheckpoint(SavedAt), CancellationToken.None);

        Assert.Equal(new[] { CheckpointNaming.Name(Db), CheckpointNaming.Name(Web) }.Order(StringComparer.Ordinal), await _cluster.NamesAsync());
        Assert.Equal((1, 2), (store.Counts.Collected, store.Counts.Written));
    }

    [Fact]
    public async Task Save_StatefulSetWithoutPods_KeptWhileModelled_CollectedOnceTheEngineForgetsIt()
    {
        // The db StatefulSet has no pod (scaled to zero, or deleted: the caches cannot tell, they hold no StatefulSets).
        var noDbPods = new HashSet<string>(StringComparer.Ordinal) { "shop/Deployment/web" };
        var store = _cluster.Store("leader", live: noDbPods);
        await store.SaveAsync(Engine(5).ToCheckpoint(SavedAt), CancellationToken.None);
        await store.SaveAsync(Engine(6).ToCheckpoint(SavedAt.AddMinutes(1)), CancellationToken.None);

        // Its history is kept and still written while the engine models it, so a restart after the weekend restores it.
        Assert.Equal((0, 4), (store.Counts.Collected, store.Counts.Written));
        var loaded = await _cluster.Store("standby", new FixedLeadership(false)).LoadAsync(CancellationToken.None);
        var restored = Empty();
        restored.Restore(loaded!);
        Assert.Equal(5, restored.IntervalsOf(Db));

        // The engine forgot db (idle past the TTL): its model is no longer in the checkpoint, and its object goes.
        var withoutDb = Engine(7).ToCheckpoint(SavedAt.AddMinutes(2));
        await store.SaveAsync(withoutDb with { Workloads = [.. withoutDb.Workloads.Where(w => w.Workload != Db)] }, CancellationToken.None);

        Assert.Equal([CheckpointNaming.Name(Web)], await _cluster.NamesAsync());
        Assert.Equal(1, store.Counts.Collected);
    }

    [Fact]
    public async Task Save_ModelOverTheBound_NotWrittenPreviousKeptCounted()
    {
        await _cluster.Store("leader").SaveAsync(Engine(5).ToCheckpoint(SavedAt), CancellationToken.None);
        string before = _cluster.Object(CheckpointNaming.Name(Web))!.ToJsonString();
        int size = CheckpointJson.SerializeModel(Engine(9).ToCheckpoint(SavedAt).Workloads[0].Model).Length;

        // A bound one byte below the model's size: both models are refused (they are the same size, give or take digits).
        var store = _cluster.Store("leader", maxModelBytes: size / 2);
        await store.SaveAsync(Engine(9).ToCheckpoint(SavedAt.AddMinutes(1)), CancellationToken.None);
        await store.SaveAsync(Engine(9).ToCheckpoint(SavedAt.AddMinutes(2)), CancellationToken.None);

        Assert.Equal(4, store.Counts.Oversized); // 2 workloads × 2 saves
        Assert.Equal(0, store.Counts.Written);
        Assert.Equal(before, _cluster.Object(CheckpointNaming.Name(Web))!.ToJsonString());
        Assert.Single(_cluster.Log.Lines, l => l.StartsWith($"Workload {Web}: model checkpoint is ", StringComparison.Ordinal) && l.EndsWith($"over the {size / 2}-byte bound; not written (its previous checkpoint stays)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Load_ApiDown_StopsStartUpWithOneLine()
    {
        _cluster.Server.FailAllFor(TimeSpan.FromSeconds(30));
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => _cluster.Store("replica").LoadAsync(CancellationToken.None));

        Assert.StartsWith($"WorkloadCheckpoints in {Ns} cannot be listed (500 InternalError: injected fault); not starting without them", ex.Message, StringComparison.Ordinal);
    }

    private void Seed(string name, string workload, JsonNode model) =>
        _cluster.Server.Seed(KubeResources.WorkloadCheckpoints, new JsonObject
        {
            ["apiVersion"] = "ktruth.io/v1alpha1",
            ["kind"] = "WorkloadCheckpoint",
            ["metadata"] = Meta(name),
            ["spec"] = new JsonObject { ["workload"] = workload, ["savedAt"] = "2026-12-07T09:00:00Z", ["model"] = model },
        });

    private static JsonObject Meta(string name) => new()
    {
        ["name"] = name,
        ["namespace"] = Ns,
        ["labels"] = new JsonObject { [CheckpointNaming.ManagedByLabel] = CheckpointNaming.ManagedBy },
    };

    /// <summary>The recommendation as JSON (records with lists inside compare by reference, JSON by value).</summary>
    private static string Show(RecommenderEngine engine, string workload) =>
        JsonSerializer.Serialize(engine.Recommend(workload, new VpaOptions().Policy, SavedAt.AddHours(1)));

    /// <summary>Leads for the first <c>trueFor</c> questions, then not: a Lease lost at a known point of a save.</summary>
    private sealed class CountingLeadership(int trueFor) : Kubernetes.Election.ILeadership
    {
        private int _asked;

        public bool IsLeader => Interlocked.Increment(ref _asked) <= trueFor;
    }
}
